import AsyncHTTPClient
import Foundation
import ReelayCore
import Testing

/// The `reelay generate` and `reelay tasks` client commands, run as a user runs them: the built
/// executable as a subprocess against a real `reelay serve`.
@Suite(.serialized) struct CLITests {
    static let key = "cli-test-key"

    /// What a finished `reelay` run left behind.
    struct Run {
        var code: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs the `reelay` executable with `arguments` and waits for it to exit. Output goes
    /// through files, so neither pipe can fill up and stall the process.
    static func reelay(_ arguments: [String], environment extra: [String: String] = [:], in folder: URL? = nil) async throws -> Run {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.url.appending(path: "stdout"), err = directory.url.appending(path: "stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = try ServerProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        for name in ["REELAY_SERVER", "REELAY_API_KEY", "REELAY_DATA_DIR", "REELAY_DATABASE_URL"] { environment[name] = nil }
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let code: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Run(code: code, stdout: try String(contentsOf: out, encoding: .utf8), stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// A fresh server for `body`, with the test key; stopped and removed afterwards.
    static func withServer(environment: [String: String] = [:], _ body: (ServerProcess, TemporaryDirectory) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var settings = ["REELAY_API_KEYS": key]
        settings.merge(environment) { _, new in new }
        let data = directory.url.appending(path: "data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let server = try ServerProcess(dataDirectory: data, port: try ServerProcess.freePort(), environment: settings)
        defer { server.terminate() }
        try await server.waitUntilUp()
        try await body(server, directory)
    }

    /// `--server URL --api-key KEY`.
    static func flags(_ server: ServerProcess, key: String = key) -> [String] {
        ["--server", server.baseURL, "--api-key", key]
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }

    /// The cells of a table row: columns are two or more spaces apart (cells have single spaces).
    static func cells(_ line: String) -> [String] {
        line.split(separator: /\s{2,}/).map(String.init)
    }

    /// Where `text` starts in `line`, in characters (for checking that columns line up).
    static func column(of text: String, in line: String) -> Int? {
        line.range(of: text).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
    }

    /// `generate`'s model when none is named, as `reelay models` marks it.
    static let defaultModel = "doubao-seedance-1-5-pro-251215"

    @Test(.timeLimit(.minutes(1))) func aBareReelayPrintsHelpAndStartsNothing() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let run = try await Self.reelay([], in: folder.url)
        #expect(run.code == 0, "\(run.stderr)")
        #expect(run.stdout.contains("USAGE: reelay <subcommand>"), "\(run.stdout)")
        for command in ["serve", "generate", "tasks", "models", "keys"] {
            #expect(run.lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(command + " ") }, "\(command) missing from\n\(run.stdout)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "the current folder was written to")
    }

    @Test func localCommandsMakeNoDataDirectoryAndSayWhereTheyLooked() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // Nothing in the current folder: the default ./reelay-data is looked for, named in full, and not made.
        let expected = folder.url.appending(path: "reelay-data/reelay.sqlite").path
        let listed = try await Self.reelay(["keys", "list"], in: folder.url)
        #expect(listed.code == 0, "\(listed.stderr)")
        #expect(listed.stdout.isEmpty, "\(listed.stdout)")
        #expect(listed.stderr.contains("There is no key database at \(expected)"), "\(listed.stderr)")
        #expect(listed.stderr.contains("--data-dir"), "\(listed.stderr)")
        for command in [["keys", "revoke", "shop"], ["keys", "update", "shop", "--rpm", "5"], ["keys", "update", "shop", "--budget", "5"]] {
            let refused = try await Self.reelay(command, in: folder.url)
            #expect(refused.code != 0, "\(command): \(refused.stdout)")
            #expect(refused.stderr.contains(expected), "\(command): \(refused.stderr)")
        }
        // A create whose budget cannot be read stops before making anything.
        let misread = try await Self.reelay(["keys", "create", "--name", "shop", "--budget", "lots"], in: folder.url)
        #expect(misread.code != 0 && misread.stderr.contains("--budget must be an amount"), "\(misread.stderr)")
        let models = try await Self.reelay(["models"], in: folder.url)
        #expect(models.code == 0, "\(models.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "a local command wrote to the current folder")

        // An explicit --data-dir is looked for as given, and not made either.
        let elsewhere = folder.url.appending(path: "elsewhere")
        let missing = try await Self.reelay(["keys", "list", "--data-dir", elsewhere.path])
        #expect(missing.stderr.contains(elsewhere.appending(path: "reelay.sqlite").path), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path))

        // Creating a key is what makes the data directory: private to its owner, and named.
        let created = try await Self.reelay(["keys", "create", "--name", "first"], in: folder.url)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(created.stdout.contains("in \(expected)"), "\(created.stdout)")
        let mode = try FileManager.default.attributesOfItem(atPath: folder.url.appending(path: "reelay-data").path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test func modelsListsTheCatalogWithEachModelsLimits() async throws {
        let catalog = try ModelCatalog.bundled()
        let run = try await Self.reelay(["models"])
        #expect(run.code == 0, "\(run.stderr)")
        // A block for every model of ReelayCore's catalog, in its order, the default marked; then a footer.
        let blocks = run.stdout.components(separatedBy: "\n\n")
        let titles = blocks.dropLast().map { String($0.prefix { $0 != "\n" }) }
        #expect(titles == catalog.models.map { $0.id == Self.defaultModel ? "\($0.id)  (default)" : $0.id }, "\(run.stdout)")
        // Each block: the model's own rules, as the server applies them.
        for model in catalog.models {
            let block = try #require(blocks.first { $0.hasPrefix(model.id + "\n") || $0.hasPrefix(model.id + "  (default)\n") }, "\(model.id)")
            #expect(block.contains("  durations    \(model.durations) s"), "\(block)")
            #expect(block.contains("default \(model.defaults.duration)\n"), "\(block)")
            #expect(block.contains("  resolutions  \(model.resolutions.joined(separator: ", ")); default \(model.defaults.resolution)\n"), "\(block)")
            #expect(block.contains("  ratios       \(model.ratios.joined(separator: ", ")); default \(model.defaults.ratio)\n"), "\(block)")
            #expect(block.contains("  prompt       up to \(RequestValidator.maxPromptLength) characters\n"), "\(block)")
            #expect(block.contains("  media        "), "\(block)")
        }
        let proBlock = try #require(blocks.first { $0.hasPrefix(Self.defaultModel) })
        #expect(proBlock.contains("  durations    4..12 s or -1 (the model decides); default 5\n"), "\(proBlock)")
        #expect(proBlock.contains("  audio        yes, on by default\n"), "\(proBlock)")
        #expect(proBlock.contains("  media        first and last frame, 1-4 reference images; frames and reference images combine\n"), "\(proBlock)")
        // Every dialect with rules of its own is named; toapis sells 1.5 pro up to 720p, with its own durations (no -1), ratios, prompt rule and defaults.
        let pro = try #require(ModelCatalog.bundled().model(named: Self.defaultModel))
        for dialect in pro.dialects.keys { #expect(proBlock.contains(" \(dialect) ("), "\(dialect): \(proBlock)") }
        #expect(proBlock.contains("\n  differs in   anyfast (defaults), ") && proBlock.contains("toapis (durations, resolutions, ratios, prompt, defaults)"), "\(proBlock)")
        let liteText = try #require(blocks.first { $0.hasPrefix("doubao-seedance-1-0-lite-t2v-250428") })
        #expect(liteText.contains("  media        none (text only)\n"), "\(liteText)")
        #expect(run.lines.last == "Pictures (frames and reference images) may be at most 6000 px a side and 36 megapixels.")

        // One model by an alias, with its pixel sizes.
        let one = try await Self.reelay(["models", "seedance-1-5-pro-251215"])
        #expect(one.code == 0, "\(one.stderr)")
        #expect(one.lines.first == "\(Self.defaultModel)  (default)", "\(one.stdout)")
        #expect(one.lines.contains("  sizes 480p   16:9 864x496, 4:3 752x560, 1:1 640x640, 3:4 560x752, 9:16 496x864, 21:9 992x432"), "\(one.stdout)")
        let json = try await Self.reelay(["models", "--json"])
        let ids = try Self.json(json.stdout).arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == catalog.models.map(\.id), "\(json.stdout)")
        let unknown = try await Self.reelay(["models", "sora-9"])
        #expect(unknown.code == 2, "\(unknown.stdout)")
        #expect(unknown.stderr.contains("No model is named 'sora-9'") && unknown.stderr.contains(Self.defaultModel), "\(unknown.stderr)")
    }

    @Test func generateWaitsShowsProgressAndSavesTheVideoAndLastFrame() async throws {
        try await Self.withServer { server, directory in
            let output = directory.url.appending(path: "out/clip.mp4")
            let run = try await Self.reelay(["generate", "a red balloon drifting over a harbour", "--resolution", "480p",
                                             "--ratio", "16:9", "--duration", "4", "--no-audio", "--seed", "7",
                                             "--return-last-frame", "-o", output.path] + Self.flags(server))
            #expect(run.code == 0, "\(run.stderr)\n\(server.output)")
            // stdout: the task id, then the saved files.
            #expect(run.lines.count == 3, "\(run.stdout)")
            #expect(run.lines.first?.hasPrefix("cgt-") == true, "\(run.stdout)")
            #expect(run.lines.dropFirst().first == output.path)
            #expect(run.lines.last == output.deletingPathExtension().appendingPathExtension("png").path)

            let probe = try await Probe(output)
            #expect(probe.videoCodec == "h264")
            #expect((probe.width, probe.height) == (864, 496))
            #expect(abs(probe.duration - 4) < 0.5, "\(probe.duration)")
            #expect(!probe.hasAudio)
            let frame = try Data(contentsOf: output.deletingPathExtension().appendingPathExtension("png"))
            #expect(frame.starts(with: [0x89, 0x50, 0x4E, 0x47]))

            // Not a terminal: one plain line per change, percentages never going back, ending succeeded.
            let lines = run.stderr.split(separator: "\n").map(String.init)
            let percentages = lines.compactMap { line in line.split(separator: " ").first { $0.hasSuffix("%") }.flatMap { Int($0.dropLast()) } }
            #expect(percentages == percentages.sorted(), "\(run.stderr)")
            #expect(Set(percentages).count >= 2, "\(run.stderr)")
            #expect(lines.last?.hasPrefix("succeeded 100%") == true, "\(run.stderr)")
            #expect(!run.stderr.contains("\u{1B}["), "no terminal escapes when stderr is not a TTY")

            // `tasks show` says the local renderer made it, and that such videos are placeholders.
            let shown = try await Self.reelay(["tasks", "show", try #require(run.lines.first)] + Self.flags(server))
            #expect(shown.stdout.contains("provider       local (the local renderer: a placeholder video)\n"), "\(shown.stdout)")
        }
    }

    @Test func jsonAndQuietPrintOnlyTheFinalTaskOrPath() async throws {
        try await Self.withServer { server, directory in
            let common = ["--model", "doubao-seedance-1-0-pro-250528", "--resolution", "480p", "--duration", "2"] + Self.flags(server)
            let json = try await Self.reelay(["generate", "a lighthouse at dawn", "--wait", "--json"] + common)
            #expect(json.code == 0, "\(json.stderr)")
            let task = try Self.json(json.stdout)
            #expect(task["status"] == "succeeded", "\(json.stdout)")
            #expect(task["resolution"] == "480p")
            #expect(task["duration"] == 2)
            #expect(task["content"]?["video_url"]?.stringValue?.contains("/video.mp4") == true, "\(json.stdout)")

            let output = directory.url.appending(path: "quiet.mp4")
            let quiet = try await Self.reelay(["generate", "a lighthouse at dusk", "-o", output.path, "--quiet"] + common)
            #expect(quiet.code == 0, "\(quiet.stderr)")
            #expect(quiet.stdout == output.path + "\n")
            #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
            #expect(try await Probe(output).duration > 1.5)

            // Without --wait: the id at once, or the task object just created.
            let created = try await Self.reelay(["generate", "a quiet lake", "--json"] + common)
            #expect(created.code == 0, "\(created.stderr)")
            #expect(["queued", "running"].contains(try Self.json(created.stdout)["status"]?.stringValue), "\(created.stdout)")
        }
    }

    @Test func aRefusedRequestExits2WithTheServersMessage() async throws {
        try await Self.withServer { server, _ in
            let run = try await Self.reelay(["generate", "too long", "--duration", "99"] + Self.flags(server))
            #expect(run.code == 2, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("duration"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)

            let missing = try await Self.reelay(["generate", "x", "--image", "/nonexistent/first.png"] + Self.flags(server))
            #expect(missing.code == 2, "\(missing.stderr)")
            #expect(missing.stderr.contains("--image"), "\(missing.stderr)")
        }
    }

    @Test func aWrongKeyOrAnUnreachableServerExits3() async throws {
        try await Self.withServer { server, _ in
            let wrong = try await Self.reelay(["generate", "a cat", "--duration", "4"] + Self.flags(server, key: "not-a-key"))
            #expect(wrong.code == 3, "\(wrong.stderr)")
            #expect(wrong.stderr.contains("API key"), "\(wrong.stderr)")

            let none = try await Self.reelay(["tasks", "list", "--server", server.baseURL])
            #expect(none.code == 3, "\(none.stderr)")
            #expect(none.stderr.contains("REELAY_API_KEY"), "\(none.stderr)")
        }
        let port = try ServerProcess.freePort()
        let started = ContinuousClock.now
        let down = try await Self.reelay(["generate", "a cat", "--server", "http://127.0.0.1:\(port)", "--api-key", Self.key])
        #expect(down.code == 3, "\(down.stderr)")
        #expect(down.stderr.contains("Cannot reach http://127.0.0.1:\(port)"), "\(down.stderr)")
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func keysAreMadeAndChangedWithTheirOwnLimits() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = ["--data-dir", directory.url.appending(path: "data").path]
        let created = try await Self.reelay(["keys", "create", "--name", "reseller-a", "--max-queued", "5", "--max-storage", "2MB"] + data)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(created.stdout.split(separator: "\n").last?.hasPrefix("rk-") == true, "\(created.stdout)")
        let listed = try await Self.reelay(["keys", "list"] + data)
        #expect(listed.lines.count == 2, "\(listed.stdout)")
        let header = try #require(listed.lines.first), row = try #require(listed.lines.last)
        #expect(Self.cells(header) == ["ID", "NAME", "CREATED", "STATE", "LIMITS"], "\(listed.stdout)")
        #expect(Self.cells(row).dropFirst().first == "reseller-a", "\(listed.stdout)")
        #expect(Self.cells(row).last == "max-queued=5 max-storage=2097152 rpm=default daily-seconds=default", "\(listed.stdout)")
        #expect(Self.column(of: "LIMITS", in: header) == Self.column(of: "max-queued", in: row), "\(listed.stdout)")
        let updated = try await Self.reelay(["keys", "update", "reseller-a", "--max-queued", "default", "--rpm", "0"] + data)
        #expect(updated.code == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains("max-queued=default max-storage=2097152 rpm=unlimited"), "\(updated.stdout)")
        let wrong = try await Self.reelay(["keys", "update", "reseller-a", "--max-storage", "lots"] + data)
        #expect(wrong.code != 0)
        #expect(wrong.stderr.contains("--max-storage must be a whole number"), "\(wrong.stderr)")
        let unknown = try await Self.reelay(["keys", "update", "nobody", "--rpm", "3"] + data)
        #expect(unknown.code != 0)
        #expect(unknown.stderr.contains("No active key"), "\(unknown.stderr)")
        // One reader: a flag wins over its variable, and a bad value in the environment stops the command.
        let elsewhere = directory.url.appending(path: "elsewhere").path
        let flagged = try await Self.reelay(["keys", "list"] + data, environment: ["REELAY_DATA_DIR": elsewhere])
        #expect(flagged.stdout.contains("reseller-a"), "\(flagged.stdout)")
        let strict = try await Self.reelay(["keys", "list"] + data, environment: ["REELAY_PORT": "eighty"])
        #expect(strict.code != 0)
        #expect(strict.stderr.contains("REELAY_PORT must be a whole number"), "\(strict.stderr)")
    }

    @Test func budgetsSetByTheCLIBindTheServer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let dataDirectory = directory.url.appending(path: "data")
        let data = ["--data-dir", dataDirectory.path]
        let created = try await Self.reelay(["keys", "create", "--name", "shop", "--budget", "0.35", "--markup", "1"] + data)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(created.lines.first?.contains("with budget total=0.35 spent=0.00 remaining=0.35; markup=1.0") == true, "\(created.stdout)")
        let secret = try #require(created.lines.last)

        // Amounts are read strictly, the message names the option, and a refused create makes no key.
        for (option, value) in [("--budget", "12.5.0"), ("--daily-budget", "-1"), ("--monthly-budget", "1.1234567"), ("--budget", "1e3")] {
            let wrong = try await Self.reelay(["keys", "create", "--name", "other", "\(option)=\(value)"] + data)
            #expect(wrong.code != 0)
            #expect(wrong.stderr.contains("\(option) must be an amount"), "\(option) \(value): \(wrong.stderr)")
        }
        #expect(try await Self.reelay(["keys", "list"] + data).lines.count == 2)
        let badMarkup = try await Self.reelay(["keys", "update", "shop", "--markup", "0"] + data)
        #expect(badMarkup.code != 0 && badMarkup.stderr.contains("--markup must be a number > 0"), "\(badMarkup.stderr)")

        let updated = try await Self.reelay(["keys", "update", "shop", "--daily-budget", "2", "--monthly-budget", "10.50"] + data)
        #expect(updated.code == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains("daily=2.00 spent=0.00 remaining=2.00; monthly=10.50 spent=0.00 remaining=10.50"), "\(updated.stdout)")
        let listed = try await Self.reelay(["keys", "list"] + data)
        #expect(listed.lines.count == 2, "\(listed.stdout)")
        #expect(Self.cells(listed.lines[0]) == ["ID", "NAME", "CREATED", "STATE", "LIMITS", "BUDGET"], "\(listed.stdout)")
        #expect(Self.cells(listed.lines[1]).last?.hasPrefix("total=0.35 spent=0.00 remaining=0.35; daily=2.00") == true, "\(listed.stdout)")

        // The server keeps to it: 5 s at 0.10 a second is more than 0.35 left.
        let prices = directory.url.appending(path: "prices.json")
        try Data(#"{"currency": "USD", "prices": [{"model": "*", "per_second": 0.1}]}"#.utf8).write(to: prices)
        let admin = "cli-admin-key"
        let server = try ServerProcess(dataDirectory: dataDirectory, port: try ServerProcess.freePort(),
                                       environment: ["REELAY_PRICES": prices.path, "REELAY_ADMIN_KEY": admin])
        defer { server.terminate() }
        try await server.waitUntilUp()
        let (refused, body, _) = try await UpstreamEndToEndTests.call(.POST, server.port, "/api/v3/contents/generations/tasks", json: [
            "model": "doubao-seedance-1-5-pro-251215", "content": [["type": "text", "text": "a red kite"]], "duration": 5,
        ], key: secret)
        #expect(refused == 429 && body["error"]?["code"] == "QuotaExceeded", "\(body)")
        #expect(body["error"]?["message"]?.stringValue?.contains("total budget of 0.35 USD") == true, "\(body)")
        let (status, keys, _) = try await UpstreamEndToEndTests.call(.GET, server.port, "/admin/keys", key: admin)
        #expect(status == 200)
        let shop = keys["data"]?.arrayValue?.first { $0["name"] == "shop" }
        let budget = shop?["budget"]
        #expect(SpendEndToEndTests.number(budget?["total"]) == 0.35 && SpendEndToEndTests.number(budget?["daily"]) == 2
                    && SpendEndToEndTests.number(budget?["monthly"]) == 10.5 && SpendEndToEndTests.number(budget?["markup"]) == 1, "\(keys)")
    }

    @Test func tasksListShowAndCancel() async throws {
        // One worker, busy with a longer render, so the next task stays queued and can be cancelled.
        try await Self.withServer(environment: ["REELAY_WORKERS": "1"]) { server, _ in
            let environment = ["REELAY_SERVER": server.baseURL, "REELAY_API_KEY": Self.key]
            let empty = try await Self.reelay(["tasks", "list"], environment: environment)
            #expect(empty.code == 0 && empty.stdout.isEmpty, "\(empty.stdout)\(empty.stderr)")
            #expect(empty.stderr.contains("No tasks yet"), "\(empty.stderr)")
            let busy = try await Self.reelay(["generate", "a long journey", "--model", "doubao-seedance-1-0-pro-250528",
                                              "--duration", "8", "--resolution", "720p"], environment: environment)
            #expect(busy.code == 0, "\(busy.stderr)")
            let busyID = try #require(busy.lines.first)
            async let waiter = Self.reelay(["generate", "a short wait", "--duration", "4", "--resolution", "480p", "--wait"],
                                           environment: environment)
            let queued = try await Polling.until("a queued task in `reelay tasks list`") {
                try Self.json(try await Self.reelay(["tasks", "list", "--status", "queued", "--json"], environment: environment).stdout)
            } done: { $0["items"]?.arrayValue?.first?["id"]?.stringValue != nil }
            let queuedID = try #require(queued["items"]?.arrayValue?.first?["id"]?.stringValue)

            // A header, then a row a task, newest first, its columns lined up under the header.
            let list = try await Self.reelay(["tasks", "list"], environment: environment)
            #expect(list.code == 0, "\(list.stderr)")
            #expect(list.lines.count == 3, "\(list.stdout)")
            let header = try #require(list.lines.first)
            #expect(Self.cells(header) == ["ID", "STATUS", "MODEL", "VIDEO", "AGE", "PROMPT"], "\(list.stdout)")
            let rows = list.lines.dropFirst().map(Self.cells)
            #expect(rows.map(\.first) == [queuedID, busyID], "\(list.stdout)")
            let queuedRow = try #require(rows.first), busyRow = try #require(rows.last)
            // No --model: generate's default, the playground's too.
            #expect(Array(queuedRow.dropFirst().prefix(3)) == ["queued", Self.defaultModel, "480p 16:9 4s"], "\(list.stdout)")
            #expect(queuedRow.last == "a short wait", "\(list.stdout)")
            #expect(Array(busyRow.dropFirst(2).prefix(2)) == ["doubao-seedance-1-0-pro-250528", "720p 16:9 8s"], "\(list.stdout)")
            #expect(busyRow.last == "a long journey", "\(list.stdout)")
            for row in rows {
                #expect(row.count == 6 && row[4].wholeMatch(of: /[0-9]+[smhd]/) != nil, "age in \(row)")
            }
            for (title, cell) in [("STATUS", 1), ("MODEL", 2), ("AGE", 4), ("PROMPT", 5)] {
                for (line, row) in zip(list.lines.dropFirst(), rows) where row.count == 6 {
                    #expect(Self.column(of: title, in: header) == Self.column(of: row[cell], in: line), "\(title) in\n\(list.stdout)")
                }
            }
            let limited = try await Self.reelay(["tasks", "list", "--limit", "1", "--json"], environment: environment)
            #expect(try Self.json(limited.stdout)["items"]?.arrayValue?.count == 1, "\(limited.stdout)")
            let badStatus = try await Self.reelay(["tasks", "list", "--status", "sleeping"], environment: environment)
            #expect(badStatus.code == 2 && badStatus.stderr.contains("filter.status"), "\(badStatus.stderr)")

            let show = try await Self.reelay(["tasks", "show", queuedID], environment: environment)
            #expect(show.code == 0, "\(show.stderr)")
            #expect(show.stdout.contains("status         queued 0%"), "\(show.stdout)")
            #expect(show.stdout.contains("prompt         a short wait\n"), "\(show.stdout)")
            let shown = try await Self.reelay(["tasks", "show", busyID, "--json"], environment: environment)
            let busyTask = try Self.json(shown.stdout)
            #expect(busyTask["id"]?.stringValue == busyID && busyTask["resolution"] == "720p", "\(shown.stdout)")
            let unknown = try await Self.reelay(["tasks", "show", "cgt-nope"], environment: environment)
            #expect(unknown.code == 2 && unknown.stderr.contains("does not exist"), "\(unknown.stderr)")

            let running = try await Self.reelay(["tasks", "cancel", busyID], environment: environment)
            #expect(running.code == 2 && running.stderr.contains("running"), "\(running.stderr)")
            let cancel = try await Self.reelay(["tasks", "cancel", queuedID, "--json"], environment: environment)
            #expect(cancel.code == 0, "\(cancel.stderr)")
            #expect(try Self.json(cancel.stdout)["status"] == "cancelled", "\(cancel.stdout)")

            // The generate waiting for it sees a task that did not succeed: exit 1.
            let waited = try await waiter
            #expect(waited.code == 1, "\(waited.stderr)")
            #expect(waited.stderr.contains("Task \(queuedID) cancelled"), "\(waited.stderr)")

            // A task that has ended is not "cancelled" into oblivion: only --delete removes it.
            let ended = try await Self.reelay(["tasks", "cancel", queuedID], environment: environment)
            #expect(ended.code == 2, "\(ended.stdout)")
            #expect(ended.stderr.contains("already ended (cancelled)") && ended.stderr.contains("--delete"), "\(ended.stderr)")
            #expect(try await Self.reelay(["tasks", "show", queuedID], environment: environment).code == 0)
            let deleted = try await Self.reelay(["tasks", "cancel", queuedID, "--delete"], environment: environment)
            #expect(deleted.code == 0, "\(deleted.stderr)")
            #expect(deleted.stdout == "Deleted \(queuedID) and its files.\n", "\(deleted.stdout)")
            let gone = try await Self.reelay(["tasks", "show", queuedID], environment: environment)
            #expect(gone.code == 2 && gone.stderr.contains("does not exist"), "\(gone.stderr)")
        }
    }
}
