// Progress of a run-all: the events the trainer and the scheduler emit (Codable, so a worker process can
// send them to its parent as JSON lines), and the tracker that turns them into display text: a live
// block of status lines for a terminal, or one plain line per epoch and per run for a log.
// The module only builds strings; the CLI decides where they go.
import Foundation

public enum ProgressEvent: Codable, Sendable, Equatable {
    /// A run begins (or resumes after `startEpoch - 1` checkpointed epochs).
    case runStarted(run: String, startEpoch: Int, epochs: Int, batchesPerEpoch: Int)
    /// A training batch finished: running mean loss of the epoch, images per second of the epoch so far.
    case batch(run: String, epoch: Int, batch: Int, batches: Int, loss: Double, imagesPerSecond: Double)
    case epochFinished(run: String, epoch: Int, epochs: Int, trainLoss: Double, trainTop1: Double,
                       testLoss: Double, testTop1: Double, testTop5: Double, learningRate: Double, seconds: Double)
    /// A run ended: status is a RunStatus raw value; top1 nil unless completed.
    case runFinished(run: String, status: String, top1: Double?, seconds: Double, detail: String?)
    /// A run was not started: finished before, locked by another process, …
    case runSkipped(run: String, reason: String)
    /// Something the user should read (a corrupt checkpoint restarted, …); the run goes on.
    case warning(run: String?, message: String)

    public var run: String? {
        switch self {
        case .runStarted(let run, _, _, _), .batch(let run, _, _, _, _, _), .runSkipped(let run, _):
            return run
        case .epochFinished(let run, _, _, _, _, _, _, _, _, _), .runFinished(let run, _, _, _, _):
            return run
        case .warning(let run, _):
            return run
        }
    }

    /// One JSON line (no newline) for a worker's stdout.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Non-finite losses (a diverging run) are valid events; JSON has no NaN, so spell them.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public static func parse(jsonLine line: String) -> ProgressEvent? {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(ProgressEvent.self, from: Data(line.utf8))
    }
}

/// Follows the events of a whole run-all and renders them. `weights` give each planned run's relative
/// cost (multiply-accumulates × images seen), so the ETA for everything does not assume all runs are
/// alike; runs without a weight count as the mean.
public struct ProgressTracker: Sendable {
    private struct Active: Sendable {
        var startEpoch: Int
        var epochs: Int
        var epoch = 0
        var batch = 0
        var batches = 1
        var loss = Double.nan
        var imagesPerSecond = 0.0
        var started: Date
        var epochStarted: Date
    }

    public private(set) var total: Int
    public private(set) var done = 0
    public private(set) var diverged = 0
    public private(set) var failed = 0
    private var weights: [String: Double]
    private var doneWeight = 0.0
    private var remainingWeight: Double
    private var active: [String: Active] = [:]
    private var order: [String] = []
    private let started: Date

    public init(runs: [String], weights: [String: Double] = [:], now: Date = Date()) {
        total = runs.count
        let known = runs.compactMap { weights[$0] }
        let mean = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
        var w: [String: Double] = [:]
        for run in runs { w[run] = max(weights[run] ?? mean, 1e-12) }
        self.weights = w
        remainingWeight = w.values.reduce(0, +)
        started = now
    }

    /// Applies an event and returns the plain log lines it produces (empty for batch events).
    @discardableResult
    public mutating func apply(_ event: ProgressEvent, now: Date = Date()) -> [String] {
        switch event {
        case .runStarted(let run, let startEpoch, let epochs, let batches):
            active[run] = Active(startEpoch: startEpoch, epochs: epochs, epoch: startEpoch, batches: batches, started: now, epochStarted: now)
            order.append(run)
            let resumed = startEpoch > 1 ? " (resumed after epoch \(startEpoch - 1))" : ""
            return ["[\(done + 1)/\(total)] \(run): start\(resumed)"]
        case .batch(let run, let epoch, let batch, let batches, let loss, let ips):
            guard var a = active[run] else { return [] }
            if epoch != a.epoch { a.epochStarted = now }
            a.epoch = epoch
            a.batch = batch
            a.batches = batches
            a.loss = loss
            a.imagesPerSecond = ips
            active[run] = a
            return []
        case .epochFinished(let run, let epoch, let epochs, let trainLoss, let trainTop1, let testLoss, let top1, let top5, let lr, let seconds):
            if var a = active[run] {
                a.epoch = epoch + 1
                a.batch = 0
                a.epochStarted = now
                active[run] = a
            }
            return [
                "\(run) epoch \(epoch)/\(epochs): "
                    + String(
                        format: "lr %.4g, train loss %.4f, train top-1 %.2f%%, test loss %.4f, top-1 %.2f%%, top-5 %.2f%% (%.1f s)",
                        lr, trainLoss, trainTop1, testLoss, top1, top5, seconds)
            ]
        case .runFinished(let run, let status, let top1, let seconds, let detail):
            active[run] = nil
            order.removeAll { $0 == run }
            finish(run)
            if status == "diverged" { diverged += 1 }
            if status == "failed" { failed += 1 }
            let result = top1.map { String(format: ", top-1 %.2f%%", $0) } ?? ""
            let why = detail.map { ": \($0)" } ?? ""
            return ["[\(done)/\(total)] \(run): \(status)\(result) in \(Self.duration(seconds))\(why)"]
        case .runSkipped(let run, let reason):
            finish(run)
            return ["[\(done)/\(total)] \(run): skipped (\(reason))"]
        case .warning(let run, let message):
            return ["warning: " + (run.map { "\($0): " } ?? "") + message]
        }
    }

    private mutating func finish(_ run: String) {
        guard let w = weights.removeValue(forKey: run) else { return }
        done += 1
        doneWeight += w
        remainingWeight -= w
    }

    /// Fraction of the current epoch (and of the run) the active run has done.
    private func runFraction(_ a: Active) -> Double {
        let epochsToDo = Double(a.epochs - a.startEpoch + 1)
        let within = Double(a.epoch - a.startEpoch) + Double(a.batch) / Double(max(a.batches, 1))
        return min(max(within / max(epochsToDo, 1), 0), 1)
    }

    /// Seconds left for everything, from the rate of this session's progress; nil before any progress.
    public func etaAll(now: Date = Date()) -> Double? {
        var doneNow = doneWeight
        var left = remainingWeight
        for (run, a) in active {
            let w = weights[run] ?? 0
            doneNow += w * runFraction(a)
            left -= w * runFraction(a)
        }
        let elapsed = now.timeIntervalSince(started)
        guard doneNow > 0, elapsed > 1 else { return nil }
        return elapsed / doneNow * max(left, 0)
    }

    /// The live block for a terminal: one line per active run, then a summary line.
    public func statusLines(now: Date = Date()) -> [String] {
        var lines: [String] = []
        for run in order {
            guard let a = active[run] else { continue }
            let elapsed = now.timeIntervalSince(a.started)
            let fraction = runFraction(a)
            let eta = fraction > 0.001 ? Self.duration(elapsed / fraction * (1 - fraction)) : "?"
            let loss = a.loss.isFinite ? String(format: "%.4f", a.loss) : (a.loss.isNaN && a.batch == 0 ? "-" : "\(a.loss)")
            lines.append(
                "  \(run)  epoch \(min(a.epoch, a.epochs))/\(a.epochs)  batch \(a.batch)/\(a.batches)  "
                    + String(format: "%.0f img/s", a.imagesPerSecond) + "  loss \(loss)  ETA \(eta)")
        }
        var summary = "runs \(done)/\(total) done"
        if diverged > 0 { summary += ", \(diverged) diverged" }
        if failed > 0 { summary += ", \(failed) failed" }
        summary += "  elapsed " + Self.duration(now.timeIntervalSince(started))
        summary += "  ETA all " + (etaAll(now: now).map(Self.duration) ?? "?")
        lines.append(summary)
        return lines
    }

    /// 42 s, 3 min 05 s, 2 h 07 min.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }
}
