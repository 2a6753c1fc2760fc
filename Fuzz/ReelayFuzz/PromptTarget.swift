import ReelayCore

/// Prompt commands (`a cat --rs 720p --dur=5`), as Ark's and AnyFast's codecs read them out of
/// the prompt text.
enum PromptTarget {
    static func run(_ bytes: [UInt8]) {
        let text = bytes.text
        let commands: PromptCommands
        do { commands = try PromptCommands.parse(text, param: "prompt") } catch { return }  // an APIError: a 400
        require((try? PromptCommands.parse(text, param: "prompt")) == commands, "parsing the same prompt twice differs")
        require(commands.prompt.utf8.count <= text.utf8.count, "stripping commands made the prompt longer")
        if !text.contains("--") {
            require(commands == PromptCommands(prompt: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                    "a prompt without '--' lost or gained something")
        }
        // What is left is the prompt the model sees: no command may survive the stripping, or the
        // provider would read one that Reelay never validated.
        let again: PromptCommands
        do { again = try PromptCommands.parse(commands.prompt, param: "prompt") } catch {
            fatalError("Broken invariant: the stripped prompt \(commands.prompt.debugDescription) holds a broken command: \(error)")
        }
        require(again == PromptCommands(prompt: commands.prompt),
                "the stripped prompt \(commands.prompt.debugDescription) still holds a command: \(again)")
    }
}
