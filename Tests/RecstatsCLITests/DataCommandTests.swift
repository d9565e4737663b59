// End-to-end tests of `recstats data …` on the built binary: fetch over HTTP from a loopback server the
// test starts (python3's http.server, or a one-shot socket server that cuts the body short), verify,
// preview and baseline.
import Foundation
import Testing

/// A small archive in the official CIFAR-10 layout (3 records per file, TestSupport), made with the system
/// tar; its MD5 comes from md5sum, an implementation independent of ours.
private struct TinyCIFAR10Archive {
    let directory: URL
    var path: String { directory.appendingPathComponent("serve/cifar-10-binary.tar.gz").path }
    let md5: String

    init() throws {
        directory = try makeTemporaryDirectory("cli-data")
        let source = directory.appendingPathComponent("src")
        try TinyCIFARFiles.write(hundred: false, into: source.appendingPathComponent("cifar-10-batches-bin"))
        md5 = try TinyCIFARFiles.archive(source, "cifar-10-batches-bin", to: directory.appendingPathComponent("serve/cifar-10-binary.tar.gz"))
    }

    func emptyTarget() -> URL { directory.appendingPathComponent("target-\(UUID().uuidString)") }
    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A python3 server on 127.0.0.1 at a free port, stopped (by its own pid) when the test ends.
private final class LoopbackServer {
    let process = Process()
    private(set) var port = 0

    /// `python3 -m http.server 0` serving `directory`.
    static func files(_ directory: URL) throws -> LoopbackServer {
        try LoopbackServer(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory.path]) { line in
            // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
            line.range(of: "port ").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }
        }
    }

    /// Answers one request with status 200 and the full Content-Length of `file`, sends half the body and
    /// hangs up; then exits (at most 30 s).
    static func truncating(_ file: String) throws -> LoopbackServer {
        let script = """
            import socket, sys
            data = open(sys.argv[1], 'rb').read()
            s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1); s.settimeout(30)
            print('port', s.getsockname()[1], flush=True)
            c, _ = s.accept(); c.recv(65536)
            c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Type: application/gzip\\r\\nContent-Length: %d\\r\\n\\r\\n' % len(data) + data[:len(data) // 2])
            c.close(); s.close()
            """
        return try LoopbackServer(["-u", "-c", script, file]) { line in
            line.hasPrefix("port ") ? Int(line.dropFirst(5).prefix { $0.isNumber }) : nil
        }
    }

    private init(_ arguments: [String], port parse: (String) -> Int?) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while port == 0 && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            port = text.split(separator: "\n").compactMap { parse(String($0)) }.first ?? 0
        }
        if port == 0 {
            stop()
            throw CocoaError(.fileReadUnknown)
        }
    }

    func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

    /// SIGKILL by pid: a child of the test runner may inherit SIGTERM as ignored.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

@Suite(.serialized, .timeLimit(.minutes(10))) struct DataCommandTests {
    func contents(_ url: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

    @Test func fetchOverHTTPExtractsAndVerifies() throws {
        let archive = try TinyCIFAR10Archive()
        defer { archive.remove() }
        let server = try LoopbackServer.files(archive.directory.appendingPathComponent("serve"))
        defer { server.stop() }
        let target = archive.emptyTarget()
        let fetch = try CLIRunner.run(["data", "fetch", "cifar10", "--dir", target.path, "--from", server.url("cifar-10-binary.tar.gz"), "--md5", archive.md5])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(fetch.stdout.contains("MD5 \(archive.md5) ok; extracted 6 files, 18 images"))
        #expect(contents(target) == ["cifar-10-batches-bin"])
        let verify = try CLIRunner.run(["data", "verify", "--dir", target.path])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("cifar10: ok"))
        #expect(verify.stdout.contains("data_batch_5.bin: 3 images (the official file has 10000)"))
        // Fetching again finds the directory in place.
        let again = try CLIRunner.run(["data", "fetch", "cifar10", "--dir", target.path, "--from", server.url("cifar-10-binary.tar.gz"), "--md5", archive.md5])
        #expect(again.status == 0 && again.stdout.contains("already there and verifies"))
    }

    @Test func theWrongChecksumLeavesNothing() throws {
        let archive = try TinyCIFAR10Archive()
        defer { archive.remove() }
        let server = try LoopbackServer.files(archive.directory.appendingPathComponent("serve"))
        defer { server.stop() }
        let target = archive.emptyTarget()
        // No --md5: the published checksum, which the small archive does not have.
        let fetch = try CLIRunner.run(["data", "fetch", "cifar10", "--dir", target.path, "--from", server.url("cifar-10-binary.tar.gz")])
        #expect(fetch.status == 1)
        #expect(fetch.stderr.contains("MD5 is \(archive.md5), expected the published c32a1d4ab5d03f1284b67883e8d87530"))
        #expect(contents(target).isEmpty)
    }

    @Test func aTruncatedDownloadLeavesNothing() throws {
        let archive = try TinyCIFAR10Archive()
        defer { archive.remove() }
        let server = try LoopbackServer.truncating(archive.path)
        defer { server.stop() }
        let target = archive.emptyTarget()
        let fetch = try CLIRunner.run(["data", "fetch", "cifar10", "--dir", target.path, "--from", server.url("cifar-10-binary.tar.gz"), "--md5", archive.md5])
        #expect(fetch.status == 1)
        #expect(fetch.stderr.contains("download failed"), "\(fetch.stderr)")
        #expect(contents(target).isEmpty)
    }

    @Test func aMissingFileOnTheServerIsAnHTTPError() throws {
        let archive = try TinyCIFAR10Archive()
        defer { archive.remove() }
        let server = try LoopbackServer.files(archive.directory.appendingPathComponent("serve"))
        defer { server.stop() }
        let target = archive.emptyTarget()
        // The error page URLSession downloaded into the temporary directory must not stay behind there.
        let temporary = archive.directory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let fetch = try CLIRunner.run(
            ["data", "fetch", "cifar10", "--dir", target.path, "--from", server.url("nothing.tar.gz")],
            environment: ["TMPDIR": temporary.path + "/"])
        #expect(fetch.status == 1 && fetch.stderr.contains("HTTP status 404"))
        #expect(contents(target).isEmpty)
        #expect(contents(temporary).isEmpty)
    }

    @Test func fetchFromAFileAndBadArguments() throws {
        let archive = try TinyCIFAR10Archive()
        defer { archive.remove() }
        let target = archive.emptyTarget()
        let fetch = try CLIRunner.run(["data", "fetch", "cifar10", "--dir", target.path, "--from", archive.path, "--md5", archive.md5])
        #expect(fetch.status == 0 && contents(target) == ["cifar-10-batches-bin"])
        #expect(try CLIRunner.run(["data", "fetch", "cifar1000", "--dir", target.path]).status == 64)
        #expect(try CLIRunner.run(["data", "fetch", "cifar10", "--md5", "xyz"]).status == 64)
    }

    @Test func verifyNamesWhatIsMissing() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("recstats-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try CLIRunner.run(["data", "verify", "--dir", empty.path])
        #expect(none.status == 1 && none.stderr.contains("HINT: run `recstats data fetch cifar10"))
        let named = try CLIRunner.run(["data", "verify", "cifar100", "--dir", empty.path])
        #expect(named.status == 1 && named.stderr.contains("train.bin: missing"))
    }

    @Test func previewWritesAPNGAndBaselineReportsAnAccuracy() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("recstats-preview-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: out) }
        let preview = try CLIRunner.run(["data", "preview", "synthetic10", "--out", out.path, "--per-class", "3"])
        #expect(preview.status == 0, "\(preview.stderr)")
        let png = try Data(contentsOf: out)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])   // the PNG signature
        let baseline = try CLIRunner.run(["data", "baseline", "synthetic10", "--train", "500", "--test", "200"])
        #expect(baseline.status == 0 && baseline.stdout.contains("test accuracy") && baseline.stdout.contains("chance 10.00%"))
        #expect(try CLIRunner.run(["data", "preview", "imagenet", "--out", out.path]).status == 64)
    }

    @Test func benchDataTimesTheChosenDifficulty() throws {
        let hard = try CLIRunner.run(["bench", "data", "--images", "300", "--batch-size", "32", "--difficulty", "hard"])
        #expect(hard.status == 0, "\(hard.stderr)")
        #expect(hard.stdout.contains("generate synthetic10 (hard)") && hard.stdout.contains("images/s"))
        let bad = try CLIRunner.run(["bench", "data", "--difficulty", "medium"])
        #expect(bad.status == 64 && bad.stderr.contains("--difficulty"))
    }
}
