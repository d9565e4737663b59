// `recstats data preview DATASET --out FILE.png`: a grid of training samples, one row per class.
import ArgumentParser
import Experiments
import Foundation
import RunRecords
import ReportRendering

struct DataPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Write a PNG grid of training samples, one row per class.")

    @Argument(help: "synthetic10, synthetic100, cifar10 or cifar100.")
    var dataset: String
    @Option(help: "The PNG file to write.")
    var out: String
    @Option(help: "Samples per class.")
    var perClass = 10
    @Option(help: "Enlargement of each image (pixel replication).")
    var scale = 3
    @Option(help: "Seed of the synthetic datasets.")
    var seed: UInt64 = 0
    @Option(help: SyntheticDifficulty.optionHelp)
    var difficulty: SyntheticDifficulty = .easy
    @Option(help: "Directory holding CIFAR (as `data fetch` leaves it).")
    var dir = "data"

    func validate() throws {
        guard scale >= 1 && scale <= 16 else { throw ValidationError("--scale must lie in 1…16, got \(scale)") }
        guard perClass >= 1 && perClass <= 100 else { throw ValidationError("--per-class must lie in 1…100, got \(perClass)") }
        guard DatasetID(rawValue: dataset) != nil else {
            throw ValidationError("unknown dataset '\(dataset)', expected one of \(DatasetID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let id = DatasetID(rawValue: dataset)!
        try DataCommand.reportingErrors {
            // Synthetic labels cycle through the classes, so classes × perClass images hold perClass of each.
            let train = try id.load(dataDirectory: dir, seed: seed, difficulty: difficulty, trainCount: id.synthetic != nil ? id.classes * perClass : nil, testCount: 0).train
            let names = id.classNames(dataDirectory: dir, difficulty: difficulty)
            let rows = train.firstIndices(perClass: perClass).enumerated().map { (label: names[$0.offset], images: $0.element) }
            var grid = SampleGrid(images: train.pixels, rows: rows)
            grid.scale = scale
            grid.blocks = (rows.count + 24) / 25
            try grid.writePNG(to: out)
            print("wrote \(out): \(rows.count) classes × \(perClass) samples of \(dataset)")
        }
    }
}
