// `recstats bench train`: images/s, GFLOP/s and peak memory of training steps on a synthetic batch.
import ArgumentParser
import Foundation
import ModelZoo
import NeuralCore
import TableFormat

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
    @Option(help: ArgumentHelp("Convolution algorithm: automatic, im2col or winograd (tuning, before/after comparisons).", visibility: .hidden))
    var convolution: String?
    @Option(help: ArgumentHelp("Fewest channels per group for which automatic picks Winograd (tuning).", visibility: .hidden))
    var winogradMinimumChannels: Int?
    @Flag(help: "Also report seconds per step by operation class.") var profile = false
    @Flag(help: "Print JSON instead of text.") var json = false
    @Flag(help: "Every zoo model (or --models), each in its own process so its peak memory is its own: images/s, step time and peak memory per model, and the sum of seconds per image.")
    var all = false
    @Option(help: "With --all: a comma-separated list of model ids instead of all 24.")
    var models: String?

    func validate() throws {
        guard ModelID(rawValue: model) != nil else { throw ValidationError(ZooError.unknownModel(model).description) }
        for id in (models ?? "").split(separator: ",") where ModelID(rawValue: String(id)) == nil {
            throw ValidationError("--models: " + ZooError.unknownModel(String(id)).description)
        }
        guard batch >= 1, threads >= 1, steps >= 1, zoo.classes >= 2 else {
            throw ValidationError("batch, threads and steps must be ≥ 1, classes ≥ 2")
        }
        _ = try zoo.zooOptions()
        if let convolution, Conv2D.Algorithm(rawValue: convolution) == nil {
            throw ValidationError("--convolution: expected one of \(Conv2D.Algorithm.allCases.map(\.rawValue).joined(separator: ", ")), got '\(convolution)'")
        }
    }

    func run() throws {
        if all {
            try runAll()
            return
        }
        if let columnBudget { Conv2D.defaultColumnBudget = columnBudget }
        if let convolution { Conv2D.defaultAlgorithm = Conv2D.Algorithm(rawValue: convolution)! }
        if let winogradMinimumChannels { Conv2D.winogradMinimumChannels = winogradMinimumChannels }
        let options = try zoo.zooOptions()
        let net = try ZooNetwork(ModelID(rawValue: model)!, options: options, seed: 1)
        let r = TrainingBenchmark.run(
            store: net.store, classes: options.classes, batch: batch, height: options.imageSize, width: options.imageSize,
            threads: threads, steps: steps, profile: profile, forward: net.forward)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
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

    /// One child process per model (`bench train --model ID … --json`), run one after another, so each
    /// model's peak resident memory is measured alone; the table goes through TableFormat.
    private func runAll() throws {
        let ids = models.map { $0.split(separator: ",").map(String.init) } ?? ModelID.allCases.map(\.rawValue)
        // The same options for every child, without --all, --models, --model and --json.
        var passed: [String] = []
        var arguments = Array(CommandLine.arguments.dropFirst())
        while let first = arguments.first {
            arguments.removeFirst()
            if ["--all", "--json"].contains(first) { continue }
            if first == "--models" || first == "--model" { if !arguments.isEmpty { arguments.removeFirst() }; continue }
            if first.hasPrefix("--models=") || first.hasPrefix("--model=") { continue }
            passed.append(first)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var results: [(id: String, result: TrainingBenchmarkResult)] = []
        for id in ids {
            let process = Process()
            process.executableURL = executable
            process.arguments = passed + ["--model", id, "--json"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                FileHandle.standardError.write(Data("error: bench train --model \(id) exited with status \(process.terminationStatus)\n".utf8))
                throw ExitCode(1)
            }
            results.append((id, try JSONDecoder().decode(TrainingBenchmarkResult.self, from: data)))
            if !json { FileHandle.standardError.write(Data("  \(id) done\n".utf8)) }
        }
        let secondsPerImage = results.reduce(0.0) { $0 + $1.result.bestStepSeconds / Double($1.result.batch) }
        if json {
            struct Entry: Encodable { let model: String; let result: TrainingBenchmarkResult }
            struct All: Encodable {
                let models: [Entry]
                let sumOfSecondsPerImage: Double
                enum CodingKeys: String, CodingKey { case models, sumOfSecondsPerImage = "sum_of_seconds_per_image" }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let all = All(models: results.map { Entry(model: $0.id, result: $0.result) }, sumOfSecondsPerImage: secondsPerImage)
            print(String(decoding: try encoder.encode(all), as: UTF8.self))
            return
        }
        let table = TableSpec(
            title: "bench train: width \(zoo.width), batch \(batch), \(threads) thread(s), best of \(steps) step(s), each model in its own process",
            slug: "bench-train",
            columns: ["model", "params", "MACs/image", "step s (best)", "images/s", "GFLOP/s", "peak MiB"],
            rows: results.map { id, r in
                [id, String(r.parameters), String(r.macsPerImage), String(format: "%.3f", r.bestStepSeconds),
                 String(format: "%.1f", r.imagesPerSecond), String(format: "%.1f", r.gflopsPerSecond),
                 String(format: "%.0f", Double(r.peakResidentBytes) / 1_048_576)].map { TableCell($0) }
            },
            notes: [String(format: "Sum of seconds per image (best steps): %.4f s; the machine's reference sgemm ran at %.1f–%.1f GFLOP/s during these runs.",
                           secondsPerImage, results.map(\.result.referenceGemmGFLOPS).min() ?? 0, results.map(\.result.referenceGemmGFLOPS).max() ?? 0)])
        print(TableWriter.text(table), terminator: "")
    }
}
