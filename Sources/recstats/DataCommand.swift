// `recstats data`: fetch, verify, preview and measure the datasets.
import ArgumentParser
import Experiments
import Foundation
import ReportRendering

extension SyntheticDifficulty: ExpressibleByArgument {}

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Fetch and verify CIFAR, preview and measure the datasets.",
        subcommands: [DataFetchCommand.self, DataVerifyCommand.self, DataPreviewCommand.self, DataBaselineCommand.self]
    )

    /// Runs `body`; a module error (data or environment) goes to stderr as one line and exits 1.
    static func reportingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExperimentsError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        } catch let error as ReportError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
