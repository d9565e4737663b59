// `recstats bench train`: images/s, GFLOP/s and peak memory of training steps on a synthetic batch.
import ArgumentParser
import Foundation
import ModelZoo
import NeuralCore

struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time training steps (forward, backward, SGD) of a model on a synthetic CIFAR batch.")

    @Option(help: "Model id: any of the 24 zoo ids (`recstats models` lists them).")
    var model = "resnet18"
    @OptionGroup var zoo: ModelOptionGroup
    @Option(help: "Batch size.") var batch = 128
    @Option(help: "Threads for GEMM and element-wise work.") var threads = 2
    @Option(help: "Timed steps (after one warm-up step).") var steps = 3
    @Option(help: ArgumentHelp("Floats of im2col scratch per thread (tuning).", visibility: .hidden))
    var columnBudget: Int?
    @Flag(help: "Also report seconds per step by operation class.") var profile = false
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        guard ModelID(rawValue: model) != nil else { throw ValidationError(ZooError.unknownModel(model).description) }
        guard batch >= 1, threads >= 1, steps >= 1, zoo.classes >= 2 else {
            throw ValidationError("batch, threads and steps must be ≥ 1, classes ≥ 2")
        }
        _ = try zoo.zooOptions()
    }

    func run() throws {
        if let columnBudget { Conv2D.defaultColumnBudget = columnBudget }
        let options = try zoo.zooOptions()
        let net = try ZooNetwork(ModelID(rawValue: model)!, options: options, seed: 1)
        let r = TrainingBenchmark.run(
            store: net.store, classes: options.classes, batch: batch, height: options.imageSize, width: options.imageSize,
            threads: threads, steps: steps, profile: profile, forward: net.forward)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(r), as: UTF8.self))
            return
        }
        print("model \(model) width \(zoo.width) batch \(batch) threads \(threads) steps \(steps) (OpenBLAS core \(r.blasCore))")
        print("parameters \(r.parameters), MACs per image \(r.macsPerImage)")
        print(String(format: "step %.3f s best, %.3f s mean; %.1f images/s; %.1f GFLOP/s", r.bestStepSeconds,
                     r.meanStepSeconds, r.imagesPerSecond, r.gflopsPerSecond))
        print(String(format: "CPU %.3f s/step over %d threads → %.1f images/s if the cores were idle (estimate); reference sgemm now %.1f GFLOP/s",
                     r.cpuSecondsPerStep, r.threads, r.imagesPerSecondFromCPUTime, r.referenceGemmGFLOPS))
        print(String(format: "peak resident %.0f MiB (pooled buffers %.0f MiB)", Double(r.peakResidentBytes) / 1048576,
                     Double(r.pooledBytes) / 1048576))
        if let p = r.profile {
            // Categories named thread… are summed over threads (inside the convolution wall times).
            let accounted = p.filter { !$0.key.hasPrefix("thread") }.values.reduce(0, +)
            for (k, v) in p.sorted(by: { ($0.key.hasPrefix("thread") ? 1 : 0, -$0.value) < ($1.key.hasPrefix("thread") ? 1 : 0, -$1.value) }) {
                print("  " + k.padding(toLength: 26, withPad: " ", startingAt: 0)
                      + String(format: " %.3f s/step (%.0f%% of mean step)", v, 100 * v / r.meanStepSeconds))
            }
            print("  other (forward element-wise, pooling, loss, glue; wall)"
                  + String(format: " %.3f s/step", r.meanStepSeconds - accounted))
        }
    }
}
