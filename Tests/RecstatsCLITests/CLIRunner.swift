// Runs the built `recstats` binary (it sits next to the test bundle) and captures its output and status.
// Shared by every end-to-end CLI test. Every run has a deadline: past it the process is killed and the
// test fails with what it printed, so a hanging command cannot hang the suite. Both pipes are drained
// concurrently, so a large output on either cannot fill a pipe and block the child (TestSupport.ProcessRunner).
import Foundation
@_exported import TestSupport

typealias CLIResult = ProcessResult
typealias CLITimeout = ProcessTimeout

enum CLIRunner {
    /// The default deadline of one command (the longest CLI tests train a few tiny runs).
    static let defaultTimeout: TimeInterval = 600

    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("recstats")
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = defaultTimeout) throws -> CLIResult {
        try ProcessRunner.run(binary, arguments, environment: environment, timeout: timeout)
    }
}
