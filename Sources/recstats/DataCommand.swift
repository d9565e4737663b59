// `recstats data`: fetch, verify, preview and measure the datasets.
import ArgumentParser
import Experiments
import Foundation
import RunRecords
import ReportRendering

extension SyntheticDifficulty: ExpressibleByArgument {
    /// The help of every `--difficulty` option (data baseline, data preview, bench data).
    static let optionHelp: ArgumentHelp =
        "Nuisance strength of the synthetic datasets: easy (the quick preset's) or hard (standard's and paper's; textured, slower to draw)."
}

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
