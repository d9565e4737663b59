// Runs the built `recstats` binary (it sits next to the test bundle) and captures its output and status.
// Shared by every end-to-end CLI test. Every run has a deadline: past it the process is killed and the
// test fails with what it printed, so a hanging command cannot hang the suite. Both pipes are drained
// concurrently, so a large output on either cannot fill a pipe and block the child.
import Foundation

struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

struct CLITimeout: Error, CustomStringConvertible {
    let arguments: [String]
    let seconds: TimeInterval
    let stdout: String
    let stderr: String
    var description: String {
        "recstats \(arguments.joined(separator: " ")) did not exit within \(Int(seconds)) s and was killed; "
            + "stdout: \(stdout.suffix(2000)) stderr: \(stderr.suffix(2000))"
    }
}

enum CLIRunner {
    /// The default deadline of one command (the longest CLI tests train a few tiny runs).
    static let defaultTimeout: TimeInterval = 600

    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("recstats")
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = defaultTimeout) throws -> CLIResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        return try wait(for: process, arguments: arguments, timeout: timeout)
    }

    /// Starts `process` with fresh pipes, waits for it up to `timeout` seconds (then kills it and throws).
    static func wait(for process: Process, arguments: [String], timeout: TimeInterval) throws -> CLIResult {
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
            throw CLITimeout(arguments: arguments, seconds: timeout, stdout: outText(5), stderr: errText(5))
        }
        return CLIResult(status: process.terminationStatus, stdout: outText(nil), stderr: errText(nil))
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
