// Issue 13, defects 3, 4 and 6 at the reading side: records of two configurations are refused (or split)
// naming the field and both sides; inputs with no result, out-of-range CSV values and unknown model ids
// are refused naming the file.
import Foundation
import Testing
@testable import RunRecords

/// A completed record of `model` on `dataset` whose configuration `change` edits.
private func record(
    _ model: String, dataset: String = "cifar10", seed: Int = 0, top1: Double = 90,
    _ change: (inout TrainingConfiguration) -> Void = { _ in }
) -> RunRecord {
    var r = sampleRecord(model: model, seed: seed)
    r.isSVariant = model.hasSuffix("s")
    r.baseline = r.isSVariant ? String(model.dropLast()) : nil
    r.dataset = dataset
    r.metrics = FinalMetrics(top1: top1, top5: 99, testLoss: 0.3)
    change(&r.configuration)
    return r
}

@Suite struct ConfigurationCheckTests {
    @Test func differencesNameTheRecordsKeysAndIgnoreThreads() {
        let a = record("resnet18").configuration
        var b = a
        b.epochs = 4
        b.threads = 7
        b.residualGamma = 0.25
        #expect(a.differences(from: b) == [
            ConfigurationDifference(field: "epochs", first: "200", second: "4"),
            ConfigurationDifference(field: "residual_gamma", first: "none", second: "0.25"),
        ])
    }

    @Test func oneConfigurationPassesAndDatasetsMayDifferInTheirOwnSizes() throws {
        // One run-all over two datasets: the preset gives each its own classes and sizes.
        let records = [
            record("resnet18", dataset: "synthetic10") { $0.classes = 10; $0.trainSize = 1_600; $0.syntheticDifficulty = .easy },
            record("resnet18s", dataset: "synthetic10") { $0.classes = 10; $0.trainSize = 1_600; $0.syntheticDifficulty = .easy; $0.threads = 2 },
            record("resnet18", dataset: "cifar100") { $0.classes = 100; $0.trainSize = 2_400 },
        ]
        #expect(ConfigurationCheck.conflict(records: records, sources: ["a", "b", "c"]) == nil)
        #expect(ConfigurationCheck.groups(records: records) == [[0, 1, 2]])
    }

    @Test func twoEpochCountsAreAConflictNamingFieldModelsAndFiles() throws {
        // The issue's case: baselines trained with 3 epochs, "s" models with 4, in one directory.
        let records = [
            record("resnet18") { $0.epochs = 3 }, record("seresnet18") { $0.epochs = 3 },
            record("resnet18s") { $0.epochs = 4 },
        ]
        let conflict = try #require(ConfigurationCheck.conflict(records: records, sources: ["d/r18.json", "d/se18.json", "d/r18s.json"]))
        #expect(conflict.field == "epochs" && conflict.dataset == nil)
        #expect(conflict.sides == [
            .init(value: "3", models: ["resnet18", "seresnet18"], files: ["d/r18.json", "d/se18.json"]),
            .init(value: "4", models: ["resnet18s"], files: ["d/r18s.json"]),
        ])
        #expect(conflict.description
            == "`epochs` is 3 in 2 records (resnet18, seresnet18: d/r18.json, d/se18.json) but 4 in 1 record (resnet18s: d/r18s.json)")
    }

    @Test func aPerDatasetFieldMustStillAgreeWithinADataset() throws {
        let records = [
            record("resnet18", dataset: "cifar10") { $0.trainSize = 500 },
            record("resnet18s", dataset: "cifar10") { $0.trainSize = 1_000 },
            record("resnet18", dataset: "cifar100") { $0.trainSize = 2_000 },
        ]
        let conflict = try #require(ConfigurationCheck.conflict(records: records, sources: ["a", "b", "c"]))
        #expect(conflict.field == "train_size" && conflict.dataset == "cifar10")
        #expect(conflict.sides.map(\.value) == ["500", "1000"])
        // Split: cifar10 has two configurations under one set of shared values, so by whole configuration.
        #expect(ConfigurationCheck.groups(records: records) == [[0], [1], [2]])
    }

    @Test func readerRefusesMixedConfigurationsBeforeCallingThemDuplicatesAndSplitKeepsEach() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The same two runs trained twice, with 3 and with 4 epochs, in two folders.
        for epochs in [3, 4] {
            for model in ["resnet18", "resnet18s"] {
                try AtomicFile.write(record(model, top1: Double(80 + epochs)) { $0.epochs = epochs }, into: dir + "/e\(epochs)")
            }
        }
        do {
            let set = try ResultsReader.load(path: dir)
            try set.requireOneConfiguration()
            Issue.record("records of 3 and 4 epochs were pooled")
        } catch RecordsError.mixedConfigurations(let path, let conflict) {
            #expect(path == dir)
            #expect(conflict.field == "epochs" && conflict.sides.map(\.value) == ["3", "4"])
            #expect(conflict.sides[0].files.allSatisfy { $0.contains("/e3/") } && conflict.sides[1].files.allSatisfy { $0.contains("/e4/") })
        }
        let sets = try ResultsReader.load(path: dir, checkingDuplicates: false).splitByConfiguration()
        #expect(sets.count == 2)
        #expect(sets.map { Set($0.records.map(\.configuration.epochs)) } == [[3], [4]])
        #expect(sets.map { $0.observations.filter { $0.metric == "top1" }.map(\.value) } == [[83, 83], [84, 84]])
        #expect(ConfigurationCheck.labels(for: sets) == [
            "epochs 3: 2 record(s) of resnet18, resnet18s", "epochs 4: 2 record(s) of resnet18, resnet18s",
        ])
    }

    @Test func aHeaderOnlyCSVOrOnlyFailedRunsAreNoResultsNamingTheFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Data("model,dataset,seed,metric,value\n".utf8), to: dir + "/empty.csv")
        #expect(throws: RecordsError.noObservations(path: dir + "/empty.csv", headerOnly: [dir + "/empty.csv"], unfinished: [])) {
            try ResultsReader.load(path: dir + "/empty.csv")
        }
        let text = RecordsError.noObservations(path: "t.csv", headerOnly: ["t.csv"], unfinished: []).description
        #expect(text == "t.csv: no results to analyse: t.csv holds only the CSV header, no rows. "
            + "HINT: add rows `model,dataset,seed,metric,value` below the header")

        let runs = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: runs) }
        var failed = sampleRecord(seed: 0, status: .failed)
        failed.failureReason = "worker process killed by signal 9"
        let path = try AtomicFile.write(failed, into: runs)
        do {
            _ = try ResultsReader.load(path: runs)
            Issue.record("a directory of failed runs was read as results")
        } catch let error as RecordsError {
            #expect(error.description.contains("resnet18s on cifar10 seed 0 failed (worker process killed by signal 9) in \(path)"))
            #expect(error.description.contains("retries failed runs"))
        }
    }

    @Test func csvValuesAreRangeChecked() {
        // 1e308 is finite, but 1e308 − (−1e308) is not: the issue's "mean difference of −inf".
        #expect(throws: RecordsError.csvRow(
            path: "b.csv", line: 3,
            reason: "value `1e308` is out of range: magnitudes above 1e100 overflow the sums and squares of the statistics")
        ) {
            try TidyCSV.parse("model,dataset,seed,metric,value\nA,d,,acc,1\nB,d,,acc,1e308\n", path: "b.csv")
        }
        #expect(throws: RecordsError.csvRow(path: "p.csv", line: 2, reason: "top1 `101` is not a percentage in 0…100")) {
            try TidyCSV.parse("model,dataset,seed,metric,value\nA,d,,top1,101\n", path: "p.csv")
        }
        // Costs in the millions and a loss of any sign are fine.
        #expect(throws: Never.self) {
            try TidyCSV.parse("model,dataset,seed,metric,value\nA,d,,params,11220000\nA,d,,margin,-3.5\n", path: "ok.csv")
        }
    }

    @Test func unknownModelIdsAreRefusedWhenTheCallerKnowsTheIds() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try AtomicFile.write(record("resnet19s"), into: dir)
        #expect(throws: Never.self) { try ResultsReader.load(path: dir) }
        #expect(throws: RecordsError.invalidRecord(
            path: path, field: "model", reason: "unknown model id `resnet19s`. HINT: `recstats models` lists the ids this recstats trains")
        ) {
            try ResultsReader.load(path: dir, knownModels: ["resnet18", "resnet18s"])
        }
    }
}
