// `recstats data fetch cifar10|cifar100`: download, check the published MD5, extract into place.
import ArgumentParser
import Experiments

struct DataFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a CIFAR binary archive, check its published MD5 and extract it (nothing half-done on failure).")

    @Argument(help: "cifar10 or cifar100.")
    var dataset: String
    @Option(help: "Directory to extract into (the archive's own directory is created inside it).")
    var dir = "data"
    @Option(name: .customLong("from"), help: "An archive you already have: a file path or an http(s) URL.")
    var source: String?
    @Flag(help: "Replace an existing directory even if it verifies.")
    var force = false
    // For tests that serve a small archive of their own: the checksum to expect instead of the published one.
    @Option(name: .customLong("md5"), help: .hidden)
    var md5: String?

    func validate() throws {
        guard CIFARVariant(rawValue: dataset) != nil else { throw ValidationError("expected cifar10 or cifar100, got '\(dataset)'") }
        if let md5, md5.count != 32 || !md5.allSatisfy(\.isHexDigit) {
            throw ValidationError("--md5 expects 32 hexadecimal digits, got '\(md5)'")
        }
    }

    func run() throws {
        let variant = CIFARVariant(rawValue: dataset)!
        print("fetching \(variant.rawValue) from \(source ?? variant.archiveURL) into \(dir)")
        let outcome = try DataCommand.reportingErrors {
            try CIFARFetcher.fetch(variant, root: dir, source: source, expectedMD5: md5, replace: force)
        }
        switch outcome {
        case let .alreadyPresent(directory, files):
            print("\(directory) is already there and verifies (\(files.map(\.records).reduce(0, +)) images); nothing to do (--force replaces it)")
        case let .installed(directory, files, md5):
            print("MD5 \(md5) ok; extracted \(files.count) files, \(files.map(\.records).reduce(0, +)) images into \(directory)")
        }
    }
}
