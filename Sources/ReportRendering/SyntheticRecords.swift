// Generated run records with a known structure, for `recstats bench report` and the report's tests:
// every model × dataset × seed completed with a per-epoch history, "s" twins a little better than their
// baselines, deterministic (SplitMix64), plus optional diverged and failed runs.
import Foundation
import RunRecords

public enum SyntheticRecords {
    /// A model for generation: id, display name, family, and the baseline id if it is an "s" twin.
    public struct Model: Sendable {
        public var id: String
        public var displayName: String
        public var family: String
        public var baseline: String?

        public init(id: String, displayName: String, family: String, baseline: String?) {
            self.id = id
            self.displayName = displayName
            self.family = family
            self.baseline = baseline
        }
    }

    /// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
    }

    public static func configuration(epochs: Int) -> TrainingConfiguration {
        TrainingConfiguration(
            preset: "synthetic", widthMultiplier: 0.25, classes: 10, epochs: epochs, batchSize: 128, learningRate: 0.1,
            momentum: 0.9, weightDecay: 5e-4, schedule: .cosine, augmentation: true, cropPadding: 4)
    }

    public static func records(
        models: [Model], datasets: [String], seeds: [Int], epochs: Int = 20, diverged: Int = 0, failed: Int = 0
    ) -> [RunRecord] {
        var rng = SplitMix64(state: 0x5EED)
        let config = configuration(epochs: epochs)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        let provenance = Provenance(recstatsVersion: "synthetic", gitCommit: nil, host: "generator", startedAt: start, endedAt: start.addingTimeInterval(60))
        var result: [RunRecord] = []
        for (d, dataset) in datasets.enumerated() {
            for (m, model) in models.enumerated() {
                for seed in seeds {
                    let level = 70.0 + 5 * Double(d) + Double(m % 8) * 0.6 + (model.baseline != nil ? 0.4 : 0)
                    let final = level + (rng.next() - 0.5) * 0.8
                    let history = (1...epochs).map { e -> EpochRecord in
                        let progress = 1 - exp(-Double(e) / Double(epochs) * 4)
                        let noise = (rng.next() - 0.5) * 0.6
                        return EpochRecord(
                            epoch: e, learningRate: 0.1 * 0.5 * (1 + cos(Double.pi * Double(e) / Double(epochs))),
                            trainLoss: 2.3 * (1 - progress) + 0.2 + noise * 0.1, trainTop1: final * progress + 5,
                            testLoss: 2.3 * (1 - progress) + 0.4, testTop1: 10 + (final - 10) * progress + noise,
                            testTop5: min(100, 30 + (final + 15 - 30) * progress), seconds: 1)
                    }
                    result.append(RunRecord(
                        model: model.id, displayName: model.displayName, family: model.family, isSVariant: model.baseline != nil,
                        baseline: model.baseline, dataset: dataset, seed: seed, configuration: config,
                        metrics: FinalMetrics(top1: final, top5: min(100, final + 15), testLoss: 0.9), history: history,
                        parameters: 1_000_000 + m * 10_000, macsPerImage: 50_000_000 + m * 100_000, wallTimeSeconds: 60,
                        status: .completed, provenance: provenance))
                }
            }
        }
        let extraSeed = (seeds.max() ?? 0) + 1
        for i in 0..<(diverged + failed) {
            let model = models[i % models.count]
            let isDiverged = i < diverged
            result.append(RunRecord(
                model: model.id, displayName: model.displayName, family: model.family, isSVariant: model.baseline != nil,
                baseline: model.baseline, dataset: datasets[0], seed: extraSeed + i, configuration: config, metrics: nil,
                wallTimeSeconds: 5, status: isDiverged ? .diverged : .failed, divergedAtEpoch: isDiverged ? 3 : nil,
                failureReason: isDiverged ? nil : "out of memory", provenance: provenance))
        }
        return result
    }

    /// The records as a result set, as `ResultsReader` would return them from `directory`.
    public static func resultSet(_ records: [RunRecord], directory: String = "generated") -> ResultSet {
        var set = ResultSet()
        for r in records {
            let source = "\(directory)/\(r.fileName)"
            set.records.append(r)
            set.recordSources.append(source)
            set.observations += r.observations(source: source)
            set.files.append(source)
        }
        return set
    }
}
