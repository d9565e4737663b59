// What a plan will cost: relative weights for the progress ETA (from the zoo's exact multiply-accumulate
// count, no training needed) and a time estimate for --dry-run (from one timed step per model).
import Foundation
import ModelZoo
import NeuralCore
import RunRecords

public enum RunEstimate {
    /// Images a run still pushes through the network: 3× per training image (forward + backward ≈ 3
    /// forwards), once per test image, over the epochs left.
    static func imageWork(_ c: TrainingConfiguration, epochsLeft: Int) -> Double {
        Double(epochsLeft) * (3 * Double(c.trainSize ?? 50_000) + Double(c.testSize ?? 10_000))
    }

    /// Relative cost of each run (multiply-accumulates per image × images), for ProgressTracker.
    public static func weights(_ runs: [RunKey], configurations: [String: TrainingConfiguration]) -> [String: Double] {
        var macs: [String: Int] = [:]
        var result: [String: Double] = [:]
        for run in runs {
            guard let c = configurations[run.dataset] else { continue }
            let key = "\(run.model.name)/\(run.dataset)"   // a dataset has one configuration
            if macs[key] == nil { macs[key] = (try? run.model.plan(options: Trainer.zooOptions(c)))?.macsPerImage ?? 0 }
            result[run.name] = Double(macs[key]!) * imageWork(c, epochsLeft: c.epochs)
        }
        return result
    }

    /// Seconds each run needs, from one timed training step and one evaluation pass per model (see
    /// Trainer.calibrate) scaled to the images and epochs left. Runs with no epochs left are omitted.
    public static func seconds(
        _ runs: [(run: RunKey, epochsLeft: Int)], configurations: [String: TrainingConfiguration], batchLimit: Int = 32
    ) throws -> [String: Double] {
        var perImage: [String: (train: Double, test: Double)] = [:]
        var result: [String: Double] = [:]
        for (run, epochsLeft) in runs where epochsLeft > 0 {
            guard let c = configurations[run.dataset] else { continue }
            let key = "\(run.model.name)/\(run.dataset)"   // a dataset has one configuration
            if perImage[key] == nil { perImage[key] = try Trainer.calibrate(run.model, configuration: c, batchLimit: batchLimit) }
            let cost = perImage[key]!
            result[run.name] = Double(epochsLeft)
                * (Double(c.trainSize ?? 50_000) * cost.train + Double(c.testSize ?? 10_000) * cost.test)
        }
        return result
    }

    /// `runs` with the costliest first (by `weights`; ties keep the plan's order): handed to parallel
    /// workers in this order, the last runs to start are short, so no job idles while one long run ends.
    public static func longestFirst(_ runs: [RunKey], configurations: [String: TrainingConfiguration]) -> [RunKey] {
        let cost = weights(runs, configurations: configurations)
        return runs.enumerated()
            .sorted { a, b in
                let (ca, cb) = (cost[a.element.name] ?? 0, cost[b.element.name] ?? 0)
                return ca != cb ? ca > cb : a.offset < b.offset
            }
            .map(\.element)
    }

    /// Wall time of runs spread over `jobs` parallel slots, longest first (a greedy list schedule).
    public static func makespan(_ seconds: [Double], jobs: Int) -> Double {
        var slots = [Double](repeating: 0, count: max(jobs, 1))
        for s in seconds.sorted(by: >) {
            let i = slots.indices.min { slots[$0] < slots[$1] }!
            slots[i] += s
        }
        return slots.max() ?? 0
    }
}
