// `recstats bench data`: images/s of synthetic generation and of augment+normalise+batch.
import ArgumentParser
import Experiments
import Foundation
import RunRecords

struct BenchDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Images per second of synthetic generation and of the augmenting batch loader.")

    @Option(help: "Training images to generate and to load for one epoch.")
    var images = 50_000
    @Option(help: "Mini-batch size.")
    var batchSize = 128
    @Option(help: "Dataset to generate (synthetic10 or synthetic100).")
    var dataset = "synthetic10"
    @Option(help: SyntheticDifficulty.optionHelp)
    var difficulty: SyntheticDifficulty = .easy

    func validate() throws {
        guard SyntheticKind(rawValue: dataset) != nil else { throw ValidationError("expected synthetic10 or synthetic100, got '\(dataset)'") }
        guard images >= 1 && batchSize >= 1 else { throw ValidationError("--images and --batch-size must be positive") }
    }

    func run() throws {
        let kind = SyntheticKind(rawValue: dataset)!
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // Wall time, and the process's CPU time (all threads) to read the figures on a shared machine.
        var cpuSeconds = 0.0
        func cpuNow() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        func time<T>(_ body: () -> T) -> (T, Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = cpuNow()
            let value = body()
            cpuSeconds = cpuNow() - cpuStart
            return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let (_, oneThread) = time { SyntheticImages.generate(kind, difficulty: difficulty, count: min(images, 10_000), seed: 1, split: 0, threads: 1) }
        let oneThreadCPU = cpuSeconds
        let (train, allThreads) = time { SyntheticImages.generate(kind, difficulty: difficulty, count: images, seed: 1, split: 0) }
        let allThreadsCPU = cpuSeconds
        print("generate \(dataset) (\(difficulty.rawValue)), 32×32 RGB (per CPU-second: what a core does when the machine is shared):")
        print(String(format: "  1 thread:   %8.0f images/s (%d images in %.2f s; %.0f images per CPU-second)",
                     Double(min(images, 10_000)) / oneThread, min(images, 10_000), oneThread, Double(min(images, 10_000)) / oneThreadCPU))
        print(String(format: "  %d threads:  %8.0f images/s (%d images in %.2f s; %.0f images per CPU-second)",
                     cores, Double(images) / allThreads, images, allThreads, Double(images) / allThreadsCPU))

        let normalization = Normalization(statisticsOf: train)
        let loader = BatchLoader.training(train, batchSize: batchSize, normalization: normalization, seed: 7)
        let (checksum, epochTime) = time { () -> Float in
            var sum: Float = 0
            for batch in loader.batches(epoch: 0) { sum += batch.images[0] }
            return sum
        }
        let epochCPU = cpuSeconds
        let evaluation = BatchLoader.evaluation(train, batchSize: batchSize, normalization: normalization)
        let (_, evalTime) = time { () -> Int in evaluation.batches(epoch: 0).reduce(0) { $0 + $1.count } }
        print("batch loader, batch \(batchSize), one thread (the training step has the cores):")
        print(String(format: "  augment (pad-4 crop, flip) + normalise + shuffle: %8.0f images/s (%.1f ms per batch, epoch of %d in %.2f s; %.0f images per CPU-second)",
                     Double(images) / epochTime, 1000 * epochTime / Double(loader.batchCount), images, epochTime, Double(images) / epochCPU))
        print(String(format: "  normalise only (evaluation):                      %8.0f images/s (%.1f ms per batch)",
                     Double(images) / evalTime, 1000 * evalTime / Double(evaluation.batchCount)))
        _ = checksum
    }
}
