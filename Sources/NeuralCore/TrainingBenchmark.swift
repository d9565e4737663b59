// Times training steps (forward, backward, SGD) of a network on a synthetic batch: images/s, achieved
// GFLOP/s (6 × the forward MACs the layers counted: forward, input gradient, weight gradient) and peak
// resident memory (getrusage ru_maxrss). The caller builds the network; this file only drives it.
import Foundation

public struct TrainingBenchmarkResult: Codable, Sendable {
    public var batch: Int
    public var threads: Int
    /// OpenBLAS kernel family in use.
    public var blasCore: String
    public var steps: Int
    public var parameters: Int
    public var macsPerImage: Int
    /// Seconds of the fastest and the mean timed step.
    public var bestStepSeconds: Double
    public var meanStepSeconds: Double
    /// Process CPU seconds (user + system, all threads) per timed step: with `threads` cores to itself a
    /// step would take about cpuSecondsPerStep / threads (an estimate when other processes share the cores).
    public var cpuSecondsPerStep: Double
    /// batch · threads / cpuSecondsPerStep: the throughput the CPU time supports on idle cores (estimate).
    public var imagesPerSecondFromCPUTime: Double
    /// Single-threaded 1024³ sgemm run on every thread at once just before the steps, GFLOP/s summed:
    /// how much of the machine this process had (the GEMM ceiling under the same load).
    public var referenceGemmGFLOPS: Double
    /// batch / bestStepSeconds.
    public var imagesPerSecond: Double
    /// 6 · MACs per image · batch / bestStepSeconds / 1e9.
    public var gflopsPerSecond: Double
    public var peakResidentBytes: Int
    public var pooledBytes: Int
    /// Seconds per step by operation class (from `Profile`), when profiling was on.
    public var profile: [String: Double]?

    /// The JSON keys of `recstats bench train --json` (snake case), the same for writing and reading.
    enum CodingKeys: String, CodingKey {
        case batch, threads, blasCore = "blas_core", steps, parameters, macsPerImage = "macs_per_image"
        case bestStepSeconds = "best_step_seconds", meanStepSeconds = "mean_step_seconds", cpuSecondsPerStep = "cpu_seconds_per_step"
        case imagesPerSecondFromCPUTime = "images_per_second_from_cpu_time", referenceGemmGFLOPS = "reference_gemm_gflops"
        case imagesPerSecond = "images_per_second", gflopsPerSecond = "gflops_per_second", peakResidentBytes = "peak_resident_bytes"
        case pooledBytes = "pooled_bytes", profile
    }
}

public enum TrainingBenchmark {
    /// Runs `warmup` untimed steps then `steps` timed ones. `forward` maps N×3×H×W images to logits.
    public static func run(
        store: ParameterStore, classes: Int, batch: Int, height: Int = 32, width: Int = 32, threads: Int,
        steps: Int, warmup: Int = 1, profile: Bool = false, forward: (Tensor, Tape) -> Tensor
    ) -> TrainingBenchmarkResult {
        precondition(batch >= 1 && steps >= 1 && threads >= 1, "TrainingBenchmark needs batch, steps and threads ≥ 1")
        Parallel.configure(threads: threads)
        var g = RandomGenerator(seed: 12345)
        let shape = Shape(n: batch, c: 3, h: height, w: width)
        let x = Tensor(shape: shape)
        for i in 0..<shape.count { x.data[i] = g.normal() }
        let labels = (0..<batch).map { _ in Int32(g.next() % UInt64(classes)) }
        let sgd = SGD(store, momentum: 0.9, weightDecay: 5e-4)
        let tape = Tape(mode: .training)
        var times: [Double] = []
        var macs = 0
        let reference = referenceGemm(threads: threads)
        var cpuStart = 0.0
        Profile.reset()
        for step in 0..<(warmup + steps) {
            if step == warmup { Profile.reset(); Profile.enabled = profile; cpuStart = Profile.processCPUTime() }
            let start = Profile.now()
            TrainingStep.run({ forward(x, $0) }, labels: labels, tape: tape, optimizer: sgd, learningRate: 0.01)
            macs = tape.forwardMACs
            tape.reset()
            if step >= warmup { times.append(Profile.now() - start) }
        }
        Profile.enabled = false
        let cpu = (Profile.processCPUTime() - cpuStart) / Double(steps)
        let best = times.min()!, mean = times.reduce(0, +) / Double(times.count)
        let perImage = macs / batch
        return TrainingBenchmarkResult(
            batch: batch, threads: threads, blasCore: BLAS.coreName, steps: steps, parameters: store.count, macsPerImage: perImage,
            bestStepSeconds: best, meanStepSeconds: mean, cpuSecondsPerStep: cpu,
            imagesPerSecondFromCPUTime: Double(batch * threads) / cpu, referenceGemmGFLOPS: reference, imagesPerSecond: Double(batch) / best,
            gflopsPerSecond: 6 * Double(perImage) * Double(batch) / best / 1e9,
            peakResidentBytes: peakResidentBytes(), pooledBytes: tape.pooledBytes,
            profile: profile ? Profile.secondsPerStep(steps: steps) : nil)
    }

    /// Runs a 1024×1024×1024 single-threaded sgemm on each of `threads` threads at once (best of 3).
    static func referenceGemm(threads: Int) -> Double {
        let n = 1024
        let buffers = (0..<threads).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: 3 * n * n) }
        defer { buffers.forEach { $0.deallocate() } }
        for b in buffers { b.initialize(repeating: 0.5, count: 3 * n * n) }
        var best = Double.infinity
        for _ in 0..<3 {
            let start = Profile.now()
            Parallel.run(threads) { t in
                let b = buffers[t]
                BLAS.sgemm(transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1, a: b, lda: n,
                           b: b + n * n, ldb: n, beta: 0, c: b + 2 * n * n, ldc: n)
            }
            best = min(best, Profile.now() - start)
        }
        return 2 * Double(n * n * n) * Double(threads) / best / 1e9
    }

    /// Peak resident set size of this process (getrusage(2) ru_maxrss, kilobytes on Linux).
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
