import Foundation
import HuibaoTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `scripts/faultproxy.py` between the clients and the server: requests and answers delayed,
/// cut, reset and duplicated at random while clerks and HQ edit and sync.
@Suite("Sync through a faulty network (binaries, fault proxy)", .serialized)
struct FaultInjectionTests {
    /// The fault-injecting proxy process, its port, and its files.
    final class Proxy {
        let process = Process()
        let port: Int
        let control: URL
        let log: URL

        init(upstream: Int, seed: UInt64, directory: URL) throws {
            var script = URL(fileURLWithPath: #filePath)
            for _ in 0..<3 { script.deleteLastPathComponent() }
            script.appendPathComponent("scripts/faultproxy.py")
            control = directory.appendingPathComponent("faults")
            log = directory.appendingPathComponent("faults.json")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", script.path, "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:\(upstream)",
                "--seed", String(seed), "--rate", "0.3", "--control", control.path, "--log", log.path,
            ]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard text.hasPrefix("listening "),
                let port = text.split(separator: ":").last.flatMap({
                    Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
                })
            else {
                process.terminate()
                throw SyncScenarioTests.BinaryRunnerError("the fault proxy did not start: \(text)")
            }
            self.port = port
        }

        /// Turns the faults off (or on again).
        func faults(_ on: Bool) throws {
            try Data((on ? "on" : "off").utf8).write(to: control)
        }

        /// The proxy's counts: requests and faults by kind.
        func counts() throws -> [String: Any] {
            (try JSONSerialization.jsonObject(with: Data(contentsOf: log)) as? [String: Any]) ?? [:]
        }

        deinit {
            // SIGKILL: the counts are in the log file already, and a child of the test runner
            // may inherit a signal mask that holds SIGTERM back.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static let report = "2023H1/党风廉政"

    /// Letters for a number, so that markers hold no digits (digits would become metrics).
    static func letters(_ number: Int) -> String {
        var number = number
        var out = ""
        repeat {
            out = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(number % 26))) + out
            number /= 26
        } while number > 0
        return out
    }

    @Test(
        "random edits and syncs through dropped, cut, reset and duplicated requests: everyone ends identical, no edit lost or doubled"
    )
    func randomRoundsThroughFaults() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["HUIBAO_FAULT_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...1_000_000)
        let rounds = environment["HUIBAO_FAULT_ROUNDS"].flatMap(Int.init) ?? 200
        let note = "seed \(seed) (rerun with HUIBAO_FAULT_SEED=\(seed))"
        let context = Comment(rawValue: note)
        var generator = SeededGenerator(seed: seed)

        let units = ["甲局", "乙局"]
        let cluster = try SyncCluster(units: units)
        try cluster.start()
        let proxy = try Proxy(upstream: cluster.port, seed: seed, directory: cluster.root)
        let via = "http://127.0.0.1:\(proxy.port)"
        var clerks: [String: [String]] = [:]
        for unit in units {
            clerks[unit] = (0..<3).map { "\(unit)-\($0)" }
            for clerk in clerks[unit] ?? [] { try cluster.clerk(clerk, of: unit, url: via) }
        }
        try cluster.clerk("hq", of: "HQ", url: via)
        // Each unit's first clerk imports the report and syncs it in without faults.
        try proxy.faults(false)
        for unit in units {
            let sample = BinaryRunner.samples.appendingPathComponent(unit == "甲局" ? "report-001.txt" : "report-002.txt")
            #expect(
                try cluster.huibao(["import", sample.path, "--period", "2023H1", "--kind", "党风廉政"], "\(unit)-0")
                    .status == 0)
            for clerk in clerks[unit] ?? [] { #expect(try cluster.huibao(["sync"], clerk).status == 0, context) }
        }
        #expect(try cluster.huibao(["sync"], "hq").status == 0, context)
        try proxy.faults(true)

        let everyone = units.flatMap { clerks[$0] ?? [] } + ["hq"]
        var markers: [String: [String]] = [:]  // unit -> markers whose apply succeeded
        var syncs = 0
        var failedSyncs = 0
        var retries = 0
        func sync(_ workspaces: [String]) throws {
            for (result, _) in try cluster.concurrently(["sync"], in: workspaces) {
                syncs += 1
                if result.status != 0 { failedSyncs += 1 }
                retries += result.stderr.components(separatedBy: "; retry ").count - 1
            }
        }
        for round in 0..<rounds {
            let workspace = everyone.randomElement(using: &generator)!
            let unit = workspace == "hq" ? units.randomElement(using: &generator)! : String(workspace.prefix(2))
            let reference = workspace == "hq" ? "\(unit)/\(Self.report)" : Self.report
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<3 where workspace != "hq":
                // A number: each clerk its own metric, so values never collide.
                let index = Int(workspace.suffix(1)) ?? 0
                let value = String(Int.random(in: 1...999, using: &generator))
                let metrics = try cluster.huibao(["metric", reference], workspace).stdout.split(separator: "\n")
                if metrics.count > index, let id = metrics[index].split(separator: " ").first {
                    #expect(
                        try cluster.huibao(["metric", reference, String(id), value], workspace).status == 0, context)
                }
            case 0..<6:
                // Prose: a marker at the end of a random line, through export, edit and apply.
                let text = try cluster.text(reference, workspace)
                var lines = text.components(separatedBy: "\n")
                let marker = "〔\(workspace)\(Self.letters(round))〕"
                let line = Int.random(in: 0..<max(1, lines.count - 1), using: &generator)
                lines[line] += marker
                let file = cluster.root.appendingPathComponent("edit-\(round).txt")
                try Data(lines.joined(separator: "\n").utf8).write(to: file)
                let applied = try cluster.huibao(["apply", reference, file.path], workspace)
                #expect(applied.status == 0, "\(applied.stderr) \(note)")
                if applied.status == 0 { markers[unit, default: []].append(marker) }
            case 6..<8:
                try sync(Array(everyone.shuffled(using: &generator).prefix(3)))
            default:
                try sync([workspace])
            }
        }
        let faults = try proxy.counts()
        try proxy.faults(false)
        for _ in 0..<2 {
            for workspace in everyone {
                let result = try cluster.huibao(["sync"], workspace)
                #expect(result.status == 0, "\(workspace): \(result.stderr) \(note)")
            }
        }
        for unit in units {
            let texts = try (clerks[unit] ?? []).map { try cluster.text(Self.report, $0) }
            let hq = try cluster.text("\(unit)/\(Self.report)", "hq")
            #expect(!hq.isEmpty, context)
            for text in texts { #expect(text == hq, "\(unit): a clerk differs from HQ; \(note)") }
            for marker in markers[unit] ?? [] {
                #expect(hq.components(separatedBy: marker).count == 2, "\(marker) lost or doubled; \(note)")
            }
        }
        print(
            "fault injection: seed \(seed), \(rounds) rounds, \(syncs) syncs (\(failedSyncs) gave up, \(retries) retries), "
                + "\(markers.values.reduce(0) { $0 + $1.count }) prose edits, proxy \(faults)")
    }
}
