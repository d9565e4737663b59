// Where progress goes: a live block redrawn in place on a terminal, plain log lines otherwise, or JSON
// lines for a parent run-all (worker mode). The text itself comes from Experiments' ProgressTracker.
import Experiments
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

final class ProgressPrinter {
    enum Mode { case terminal, plain, json }

    let mode: Mode
    private var tracker: ProgressTracker
    private var drawnLines = 0
    private var lastDraw = Date.distantPast

    init(runs: [String], weights: [String: Double], json: Bool = false) {
        mode = json ? .json : (isatty(STDOUT_FILENO) == 1 ? .terminal : .plain)
        tracker = ProgressTracker(runs: runs, weights: weights)
    }

    var summary: ProgressTracker { tracker }

    func handle(_ event: ProgressEvent) {
        switch mode {
        case .json:
            write(event.jsonLine() + "\n")
        case .plain:
            for line in tracker.apply(event) { write(line + "\n") }
        case .terminal:
            let lines = tracker.apply(event)
            if case .batch = event, lines.isEmpty, Date().timeIntervalSince(lastDraw) < 0.1 { return }
            var text = clearBlock()
            for line in lines { text += line + "\n" }
            let block = tracker.statusLines()
            text += block.joined(separator: "\n") + "\n"
            drawnLines = block.count
            lastDraw = Date()
            write(text)
        }
    }

    /// Removes the live block (a terminal keeps only the log lines and what the caller prints next).
    func finish() {
        if mode == .terminal { write(clearBlock()) }
    }

    private func clearBlock() -> String {
        defer { drawnLines = 0 }
        return String(repeating: "\u{1B}[1A\u{1B}[2K", count: drawnLines)
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
