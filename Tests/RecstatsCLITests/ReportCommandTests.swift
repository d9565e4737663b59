// End-to-end: `recstats report` on the built binary, checked with poppler and qpdf: the PDF is valid,
// its text is real (model names, section titles, the CD to 3 decimals), the page count is what the
// cover says, every page renders, the fonts are embedded; bad input writes nothing.
import Foundation
import RunRecords
import Testing

/// Runs an external tool (qpdf, pdfinfo, pdftotext, pdftoppm, pdffonts) with a deadline; status and stdout.
func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let result = try ProcessRunner.tool(name, arguments)
    return (result.status, result.stdout)
}

/// The integer that follows `marker` (after spaces) in `text`.
func firstNumber(in text: String, after marker: String) -> Int? {
    guard let range = text.range(of: marker) else { return nil }
    let digits = text[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
    return Int(digits)
}

func temporaryDirectory(_ name: String) throws -> URL { try makeTemporaryDirectory(name) }

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite(.serialized, .timeLimit(.minutes(10))) struct ReportCommandTests {
    @Test func paperReportIsARealPDF() throws {
        let dir = try temporaryDirectory("paper")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("report.pdf").path
        let figures = dir.appendingPathComponent("figures").path
        let run = try CLIRunner.run(["report", "--input", packageRoot.appendingPathComponent("results/paper").path, "--out", pdf, "--figures-dir", figures])
        #expect(run.status == 0, "\(run.stderr)")

        #expect(try tool("qpdf", ["--check", pdf]).status == 0)
        let text = try tool("pdftotext", ["-layout", pdf, "-"]).output
        for name in ["ResNet18", "ResNet101s", "SEResNet50s", "ResNeXt4s", "Res2NeXt2s"] { #expect(text.contains(name), "\(name)") }
        for title in ["Friedman graph", "Critical-difference diagram", "histograms with error bars", "baseline vs “s” per pair",
                      "Computational cost", "Contents", "Findings"] {
            #expect(text.contains(title), "\(title)")
        }
        // Table 1: k = 8 models, N = 3 datasets; Demšar (2006) Table 5(a) gives q_0.05 = 3.031 for k = 8:
        // CD = 3.031 · √(8·9 / (6·3)) = 3.031 · 2.
        let cd = 3.031 * (8.0 * 9.0 / (6.0 * 3.0)).squareRoot()
        #expect(text.contains("CD = \(String(format: "%.3f", cd))"))

        // The cover says how many pages there are; pdfinfo agrees; pdftoppm renders each one.
        let stated = try #require(firstNumber(in: text, after: "This report has "))
        let pages = try #require(firstNumber(in: try tool("pdfinfo", [pdf]).output, after: "Pages:"))
        #expect(stated == pages)
        let renderDir = dir.appendingPathComponent("png")
        try FileManager.default.createDirectory(at: renderDir, withIntermediateDirectories: true)
        #expect(try tool("pdftoppm", ["-png", "-r", "20", pdf, renderDir.appendingPathComponent("p").path]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: renderDir.path).filter { $0.hasSuffix(".png") }.count == pages)
        // One font family, embedded.
        let fonts = try tool("pdffonts", [pdf]).output.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        for line in fonts {
            #expect(line.contains("DejaVuSans"), "\(line)")
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(columns.count >= 5 && columns[columns.count - 5] == "yes", "not embedded: \(line)")
        }

        // Figures alone as PDF, SVG and PNG; tables as LaTeX, CSV and Markdown.
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: figures))
        for stem in ["table1-friedman-graph", "table1-cd-diagram", "seeds-histogram-cifar100"] {
            for ext in ["pdf", "svg", "png"] { #expect(files.contains("\(stem).\(ext)"), "\(stem).\(ext)") }
        }
        for stem in ["table1-summary", "seeds-pairs", "costs"] {
            for ext in ["tex", "csv", "md"] { #expect(files.contains("\(stem).\(ext)"), "\(stem).\(ext)") }
        }
        let tex = try String(contentsOfFile: figures + "/costs.tex", encoding: .utf8)
        #expect(tex.contains("\\toprule") && tex.contains("ResNet50s"))
        let png = try Data(contentsOf: URL(fileURLWithPath: figures + "/table1-cd-diagram.png"))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(try tool("qpdf", ["--check", figures + "/table1-cd-diagram.pdf"]).status == 0)
        #expect(try tool("pdftotext", [figures + "/table1-cd-diagram.pdf", "-"]).output.contains("ResNet50s"))
    }

    @Test func recordsReportListsUnfinishedRuns() throws {
        let dir = try temporaryDirectory("records")
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs = dir.appendingPathComponent("runs").path
        let config = TrainingConfiguration(
            preset: "test", widthMultiplier: 0.25, classes: 10, epochs: 2, batchSize: 64, learningRate: 0.1, momentum: 0.9,
            weightDecay: 5e-4, schedule: .cosine, augmentation: false)
        let provenance = Provenance(recstatsVersion: "test", gitCommit: nil, host: "test", startedAt: Date(), endedAt: Date())
        // Hand-made numbers: resnet18s beats resnet18 by 0.3–0.6 points on every block.
        let values: [(String, String?, String, Int, Double)] = [
            ("resnet18", nil, "cifar10", 0, 80.1), ("resnet18s", "resnet18", "cifar10", 0, 80.5),
            ("resnet18", nil, "cifar10", 1, 79.8), ("resnet18s", "resnet18", "cifar10", 1, 80.4),
            ("resnet18", nil, "cifar100", 0, 50.2), ("resnet18s", "resnet18", "cifar100", 0, 50.5),
            ("resnet18", nil, "cifar100", 1, 49.9), ("resnet18s", "resnet18", "cifar100", 1, 50.3),
        ]
        for (model, baseline, dataset, seed, top1) in values {
            let record = RunRecord(
                model: model, displayName: model == "resnet18" ? "ResNet18" : "ResNet18s", family: "resnet",
                isSVariant: baseline != nil, baseline: baseline, dataset: dataset, seed: seed, configuration: config,
                metrics: FinalMetrics(top1: top1, top5: top1 + 10, testLoss: 1), wallTimeSeconds: 1, status: .completed,
                provenance: provenance)
            try AtomicFile.write(record, into: runs)
        }
        let diverged = RunRecord(
            model: "resnet18s", displayName: "ResNet18s", family: "resnet", isSVariant: true, baseline: "resnet18",
            dataset: "cifar10", seed: 7, configuration: config, metrics: nil, wallTimeSeconds: 1, status: .diverged,
            divergedAtEpoch: 2, provenance: provenance)
        try AtomicFile.write(diverged, into: runs)
        let pdf = dir.appendingPathComponent("out/report.pdf").path
        let run = try CLIRunner.run(["report", "--input", runs, "--out", pdf, "--error-bars", "ci95"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try tool("qpdf", ["--check", pdf]).status == 0)
        let text = try tool("pdftotext", [pdf, "-"]).output
        #expect(text.contains("Runs that did not complete") && text.contains("diverged") && text.contains("resnet18s__cifar10__seed7.json"))
        #expect(text.contains("ResNet18s") && text.contains("95 % t confidence interval"))
        // 2 models, 4 blocks (dataset × seed): q_0.05 for k = 2 is 1.960 (Demšar Table 5(a)),
        // CD = 1.960 · √(2·3 / (6·4)) = 1.960 · 0.5 = 0.980.
        #expect(text.contains("CD = 0.980"))
    }

    @Test func badInputWritesNothing() throws {
        let dir = try temporaryDirectory("bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("report.pdf").path

        // A corrupt record: the reader's error names the file.
        let corrupt = dir.appendingPathComponent("corrupt")
        try FileManager.default.createDirectory(at: corrupt, withIntermediateDirectories: true)
        try Data("{\"schema_version\": 1, \"model\": ".utf8).write(to: corrupt.appendingPathComponent("broken.json"))
        let r1 = try CLIRunner.run(["report", "--input", corrupt.path, "--out", pdf])
        #expect(r1.status != 0 && r1.stderr.contains("broken.json"))

        // A single model: the statistics' error.
        let single = corrupt.deletingLastPathComponent().appendingPathComponent("single.csv")
        try Data("model,dataset,seed,metric,value\nA,d1,,top1,90\nA,d2,,top1,91\n".utf8).write(to: single)
        let r2 = try CLIRunner.run(["report", "--input", single.path, "--out", pdf])
        #expect(r2.status != 0 && r2.stderr.contains("at least 2 models"), "\(r2.stderr)")

        // No records at all.
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let r3 = try CLIRunner.run(["report", "--input", empty.path, "--out", pdf])
        #expect(r3.status != 0 && r3.stderr.contains("HINT"))

        // The default input missing: say to run run-all first (run from a directory without results/).
        let bare = try ProcessRunner.run(CLIRunner.binary, ["report", "--out", pdf], in: empty, timeout: 120)
        let message = bare.stderr
        #expect(bare.status != 0 && message.contains("recstats run-all") && message.contains("results/paper"))

        // Bad option values are usage errors (exit 64).
        #expect(try CLIRunner.run(["report", "--input", single.path, "--error-bars", "iqr"]).status == 64)

        #expect(!FileManager.default.fileExists(atPath: pdf))
        // Nothing half-written either: no temporaries left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasPrefix(".") })
    }
}
