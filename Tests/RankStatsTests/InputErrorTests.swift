// Issue 13, defect 4: errors found after reading name the input they come from, and a cell that is
// missing because its run failed names that run and says rerunning `run-all` retries it.
import Foundation
import RunRecords
import Testing
@testable import RankStats

@Suite struct InputErrorTests {
    static func record(_ model: String, seed: Int, status: RunStatus, top1: Double = 50) -> RunRecord {
        let configuration = TrainingConfiguration(
            preset: "smoke", widthMultiplier: 0.0625, classes: 10, epochs: 1, batchSize: 16, learningRate: 0.05, momentum: 0.9,
            weightDecay: 5e-4, schedule: .cosine, augmentation: true)
        return RunRecord(
            model: model, family: "resnet", isSVariant: model.hasSuffix("s"), baseline: model.hasSuffix("s") ? "resnet18" : nil,
            dataset: "synthetic10", seed: seed, configuration: configuration,
            metrics: status == .completed ? FinalMetrics(top1: top1, top5: 90, testLoss: 1) : nil, wallTimeSeconds: 2, status: status,
            divergedAtEpoch: status == .diverged ? 1 : nil, failureReason: status == .failed ? "worker process killed by signal 9" : nil,
            provenance: Provenance(recstatsVersion: "t", gitCommit: nil, host: "h", startedAt: Date(), endedAt: Date()))
    }

    /// Two models × two seeds read from `runs/`, with `resnet18s` seed 1 ending as `status`.
    static func results(_ status: RunStatus) -> ResultSet {
        let records = [
            record("resnet18", seed: 0, status: .completed), record("resnet18", seed: 1, status: .completed),
            record("resnet18s", seed: 0, status: .completed), record("resnet18s", seed: 1, status: status),
        ]
        let sources = records.map { "runs/" + $0.fileName }
        var set = ResultSet(
            observations: zip(records, sources).flatMap { $0.observations(source: $1) }, records: records, recordSources: sources,
            files: sources)
        set.path = "runs"
        return set
    }

    @Test func aCellMissingBecauseItsRunFailedNamesTheRunAndTheRetry() throws {
        do {
            _ = try RankAnalysis.run(Self.results(.failed), options: AnalysisOptions())
            Issue.record("a failed run's missing cell was not reported")
        } catch let error as StatsError {
            #expect(error == .inInput(path: "runs", error: .unfinishedRuns(
                ["resnet18s on synthetic10 seed 1 failed (worker process killed by signal 9) in runs/resnet18s__synthetic10__seed1.json"],
                otherCells: [], blocks: 2, anyFailed: true)))
            #expect(error.description.hasPrefix("runs: 1 (model, block) cell(s) have no value because their runs did not complete"))
            #expect(error.description.contains("run the same `recstats run-all` again: it retries failed runs"))
        }
        // A diverged run is final: no retry is promised.
        #expect(throws: StatsError.inInput(path: "runs", error: .unfinishedRuns(
            ["resnet18s on synthetic10 seed 1 diverged in epoch 1 in runs/resnet18s__synthetic10__seed1.json"],
            otherCells: [], blocks: 2, anyFailed: false))
        ) {
            try RankAnalysis.run(Self.results(.diverged), options: AnalysisOptions())
        }
    }

    @Test func errorsAfterReadingNameTheInput() {
        var one = Self.results(.completed)
        one.observations.removeAll { $0.model == "resnet18s" }
        #expect(throws: StatsError.inInput(
            path: "runs", error: .tooFewModels(test: "Friedman test", needed: 2, models: ["resnet18"]))
        ) {
            try RankAnalysis.run(one, options: AnalysisOptions())
        }
        // A single block (one seed): named too.
        var single = Self.results(.completed)
        single.observations.removeAll { $0.seed == 1 }
        do {
            _ = try RankAnalysis.run(single, options: AnalysisOptions())
            Issue.record("a single block was analysed")
        } catch let error as StatsError {
            #expect(error.description.hasPrefix("runs: "), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
        // Without a path (a set built in memory) the message is unchanged.
        var unnamed = one
        unnamed.path = nil
        #expect(throws: StatsError.tooFewModels(test: "Friedman test", needed: 2, models: ["resnet18"])) {
            try RankAnalysis.run(unnamed, options: AnalysisOptions())
        }
    }
}
