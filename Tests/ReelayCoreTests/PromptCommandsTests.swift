import Testing
@testable import ReelayCore

@Suite struct PromptCommandsTests {
    let param = "content[0].text"

    @Test func shortForms() throws {
        let commands = try PromptCommands.parse("a cat --rs 720p --rt 16:9 --dur 5 --seed 11 --cf false --wm true --fps 24", param: param)
        #expect(commands == PromptCommands(prompt: "a cat", resolution: "720p", ratio: "16:9", duration: 5, seed: 11,
                                           cameraFixed: false, watermark: true, fps: 24))
    }

    @Test func longForms() throws {
        let commands = try PromptCommands.parse(
            "a dog --resolution 1080p --ratio 9:16 --duration 10 --camerafixed true --watermark false --frames 121 --framespersecond 24",
            param: param)
        #expect(commands == PromptCommands(prompt: "a dog", resolution: "1080p", ratio: "9:16", duration: 10,
                                           cameraFixed: true, watermark: false, fps: 24, frames: 121))
    }

    @Test func commandsAnywhereAreStrippedAndTheRestKept() throws {
        #expect(try PromptCommands.parse("--dur 5 a dog runs", param: param) == PromptCommands(prompt: "a dog runs", duration: 5))
        #expect(try PromptCommands.parse("a dog --rs 480p runs home", param: param).prompt == "a dog runs home")
        #expect(try PromptCommands.parse("line one\nline two  --dur 5\nline three", param: param).prompt == "line one\nline two\nline three")
        #expect(try PromptCommands.parse("  a cat  ", param: param) == PromptCommands(prompt: "a cat"))
        #expect(try PromptCommands.parse("", param: param) == PromptCommands(prompt: ""))
        #expect(try PromptCommands.parse("--rs 720p", param: param) == PromptCommands(prompt: "", resolution: "720p"))
    }

    @Test func doubleDashesInOrdinaryTextAreNotCommands() throws {
        let text = "a well--known cat -- the one--rs 720p from --unknown 5 and em--dash"
        #expect(try PromptCommands.parse(text, param: param) == PromptCommands(prompt: text))
        let mixed = try PromptCommands.parse("state-of--the-art city --rt 21:9", param: param)
        #expect(mixed == PromptCommands(prompt: "state-of--the-art city", ratio: "21:9"))
    }

    @Test func namesIgnoreCaseAndAcceptEqualsSigns() throws {
        let commands = try PromptCommands.parse("a cat --RS 720P --Wm TRUE --dur=7 --cf=False --seed -1 --rt=Adaptive", param: param)
        #expect(commands == PromptCommands(prompt: "a cat", resolution: "720p", ratio: "adaptive", duration: 7, seed: -1,
                                           cameraFixed: false, watermark: true))
    }

    @Test func theLastRepeatWins() throws {
        #expect(try PromptCommands.parse("a cat --dur 5 --duration 8", param: param).duration == 8)
        #expect(try PromptCommands.parse("a cat --rt 9:21 --rt keep_ratio", param: param).ratio == "keep_ratio")
    }

    @Test(arguments: [
        ("a cat --dur abc", "--dur"),
        ("a cat --duration 5s", "--duration"),
        ("a cat --cf maybe", "--cf"),
        ("a cat --wm 1", "--wm"),
        ("a cat --seed 1.5", "--seed"),
        ("a cat --fps fast", "--fps"),
        ("a cat --frames x", "--frames"),
        ("a cat --dur", "--dur"),
        ("a cat --rs --rt 16:9", "--rs"),
        ("a cat --rt=", "--rt"),
        ("a cat --rt wide", "--rt"),
        ("a cat --ratio 5:4", "--ratio"),
        ("a cat --rs 4k", "--rs"),
        ("a cat --resolution 720", "--resolution"),
    ])
    func badValuesAreErrorsNamingTheCommand(_ text: String, _ command: String) {
        do {
            let commands = try PromptCommands.parse(text, param: param)
            Issue.record("accepted: \(commands)")
        } catch {
            #expect(error.kind == .invalidParameter)
            #expect(error.param == param)
            #expect(error.message.contains(command), "message: \(error.message)")
        }
    }
}
