// What several test targets need, written once: spawning a process with a deadline (both pipes drained
// concurrently, killed when the deadline passes, so a hang fails the test instead of blocking the suite),
// temporary directories, and tiny CIFAR-format files and archives. Foundation only.
//
// swift-subprocess (in the local package mirror) offers deadlines and concurrent pipes too; it is not used
// here because its API is async, and every caller is a synchronous Swift Testing test or fixture:
// wrapping each call in a blocking bridge would add more code than the forty lines below.
import Foundation

public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public struct ProcessTimeout: Error, CustomStringConvertible {
    public let command: String
    public let seconds: TimeInterval
    public let stdout: String
    public let stderr: String
    public var description: String {
        "\(command) did not exit within \(Int(seconds)) s and was killed; stdout: \(stdout.suffix(2000)) stderr: \(stderr.suffix(2000))"
    }
}

public struct ProcessFailed: Error, CustomStringConvertible {
    public let command: String
    public let result: ProcessResult
    public var description: String { "\(command) exited with status \(result.status): \(result.stderr.suffix(2000))" }
}

public enum ProcessRunner {
    /// Runs `executable` with `arguments` (optionally in `directory`, with extra `environment`), waits at
    /// most `timeout` seconds.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        timeout: TimeInterval
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        return try wait(for: process, command: ([executable.lastPathComponent] + arguments).joined(separator: " "), timeout: timeout)
    }

    /// A tool from PATH (`tar`, `md5sum`, `pdftotext` …): its result, whatever its status.
    public static func tool(_ name: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> ProcessResult {
        try run(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, timeout: timeout)
    }

    /// A tool from PATH that must succeed: its standard output.
    @discardableResult
    public static func check(_ name: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> String {
        let result = try tool(name, arguments, timeout: timeout)
        guard result.status == 0 else { throw ProcessFailed(command: ([name] + arguments).joined(separator: " "), result: result) }
        return result.stdout
    }

    /// Starts `process` with fresh pipes, waits for it up to `timeout` seconds (then kills it and throws).
    public static func wait(for process: Process, command: String, timeout: TimeInterval) throws -> ProcessResult {
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let outText = drain(out.fileHandleForReading)
        let errText = drain(err.fileHandleForReading)
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            // Grandchildren (run-all's workers) may still hold the pipes: give them a few seconds, no more.
            throw ProcessTimeout(command: command, seconds: timeout, stdout: outText(5), stderr: errText(5))
        }
        return ProcessResult(status: process.terminationStatus, stdout: outText(nil), stderr: errText(nil))
    }

    /// Reads `handle` to its end on a background thread; the closure waits for that (at most the seconds
    /// it is given, if any) and gives the text read.
    static func drain(_ handle: FileHandle) -> (TimeInterval?) -> String {
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.data = handle.readDataToEndOfFile()
            done.signal()
        }
        return { limit in
            if let limit {
                guard done.wait(timeout: .now() + limit) == .success else { return "(still open after the kill)" }
            } else {
                done.wait()
            }
            return String(decoding: box.data, as: UTF8.self)
        }
    }
}

/// A new empty directory under the system's temporary directory, named for the test.
public func makeTemporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("recstats-\(name.filter { $0.isLetter || $0.isNumber || $0 == "-" })-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
