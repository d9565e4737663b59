// `recstats bench report`: time to build the report for 24 models × 2 datasets × 3 seeds of generated
// records (read from JSON, analysed, laid out, rendered to PDF, written). Target: under 2 s.
import ArgumentParser
import Foundation
import ModelZoo
import ReportRendering
import RunRecords

struct BenchReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Time `recstats report` on generated records (24 models × 2 datasets × 3 seeds).")

    @Option(help: "Repetitions; the median is reported.")
    var repeats: Int = 5

    @Option(help: "Epochs of history per generated record.")
    var epochs: Int = 30

    @Option(help: "Keep the generated records and the last PDF in this directory (for looking at them).")
    var keep: String?

    func run() throws {
        let models = ModelID.allCases.map {
            SyntheticRecords.Model(id: $0.rawValue, displayName: $0.displayName, family: $0.family.rawValue, baseline: $0.baseline?.rawValue)
        }
        let records = SyntheticRecords.records(models: models, datasets: ["cifar10", "cifar100"], seeds: [0, 617, 1234], epochs: epochs)
        let directory = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("recstats-bench-report-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }
        for record in records { try AtomicFile.write(record, into: directory.appendingPathComponent("runs").path) }
        let pdf = directory.appendingPathComponent("report.pdf").path
        let metrics = CairoTextMetrics()
        var timings: [(load: Double, build: Double, write: Double)] = []
        var pages = 0
        for _ in 0..<max(1, repeats) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let results = try ResultsReader.load(path: directory.appendingPathComponent("runs").path)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let report = try ReportBuilder(options: ReportOptions(inputDescription: "generated"), typesetter: Typesetter(metrics: metrics)).build(results)
            let t2 = DispatchTime.now().uptimeNanoseconds
            try ReportWriter.write(report, to: pdf, figuresDirectory: nil)
            let t3 = DispatchTime.now().uptimeNanoseconds
            pages = report.pages.count
            timings.append((Double(t1 - t0) / 1e9, Double(t2 - t1) / 1e9, Double(t3 - t2) / 1e9))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let total = median(timings.map { $0.load + $0.build + $0.write })
        print(String(
            format: "bench report: %d records (24 models × 2 datasets × 3 seeds, %d epochs of history), %d pages\n"
                + "  median of %d: read %.3f s, analyse + lay out %.3f s, render + write PDF %.3f s, total %.3f s (target < 2 s)",
            records.count, epochs, pages, timings.count, median(timings.map(\.load)), median(timings.map(\.build)),
            median(timings.map(\.write)), total))
    }
}
