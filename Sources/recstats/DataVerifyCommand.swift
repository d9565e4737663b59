// `recstats data verify`: check the CIFAR files in a directory (present, whole records, labels in range).
import ArgumentParser
import Experiments
import Foundation

struct DataVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the CIFAR files under a directory: present, whole records, labels in range.")

    @Argument(help: "cifar10 and/or cifar100 (default: whichever is present).")
    var datasets: [String] = []
    @Option(help: "Directory holding the data (as `data fetch` leaves it).")
    var dir = "data"

    func validate() throws {
        for name in datasets where CIFARVariant(rawValue: name) == nil {
            throw ValidationError("expected cifar10 or cifar100, got '\(name)'")
        }
    }

    func run() throws {
        var variants = datasets.compactMap(CIFARVariant.init(rawValue:))
        if variants.isEmpty {
            variants = CIFARVariant.allCases.filter {
                FileManager.default.fileExists(atPath: CIFARReader.dataDirectory($0, root: dir))
            }
        }
        guard !variants.isEmpty else {
            FileHandle.standardError.write(Data("error: \(dir): holds neither \(CIFARVariant.cifar10.directoryName) nor \(CIFARVariant.cifar100.directoryName). HINT: run `recstats data fetch cifar10 --dir \(dir)`\n".utf8))
            throw ExitCode(1)
        }
        for variant in variants {
            let files = try DataCommand.reportingErrors { try CIFARReader.verify(variant, root: dir) }
            print("\(variant.rawValue): ok (\(CIFARReader.dataDirectory(variant, root: dir)))")
            for file in files {
                let note = file.records == file.officialRecords ? "" : " (the official file has \(file.officialRecords))"
                print("  \(file.file): \(file.records) images\(note)")
            }
        }
    }
}
