// The cover: what was compared (models, datasets, seeds, metric, blocks), the training configuration(s)
// and provenance when records carry them, the date, the headline per study, the contents, and the page
// count of the document.
import Foundation
import RankStats
import RunRecords

struct CoverPage {
    var options: ReportOptions
    var results: ResultSet
    var studies: [Study]
    var names: DisplayNames
    var contents: [(title: String, page: Int)]
    var totalPages: Int
    var typesetter: Typesetter

    var theme: Theme { options.theme }

    func drawing() -> Drawing {
        var d = Drawing(width: theme.pageWidth, height: theme.pageHeight)
        let x = theme.margin
        let width = theme.contentWidth
        var y = theme.margin
        d.add(.text(typesetter.text("recstats report", at: Point(x, y), size: theme.titleSize + 6, weight: .bold, baseline: .top, color: theme.ink)))
        y += typesetter.lineHeight(size: theme.titleSize + 6) + 4
        d.add(.text(typesetter.text(
            "Baseline and “s” models compared with Demšar's (2006) rank statistics", at: Point(x, y), size: theme.headingSize,
            baseline: .top, color: theme.muted)))
        y += typesetter.lineHeight(size: theme.headingSize) + 14

        let body = NoteWriter(typesetter: typesetter, size: theme.bodySize, color: theme.ink)
        let labelWidth = 92.0
        func field(_ label: String, _ value: String) {
            d.add(.text(typesetter.text(label, at: Point(x, y), size: theme.bodySize, weight: .bold, baseline: .top, color: theme.ink)))
            y = body.write(value, into: &d, x: x + labelWidth, y: y, width: width - labelWidth) + 3
        }
        let date = ISO8601DateFormatter.string(from: options.date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        field("Input", options.inputDescription)
        field("Date", date)
        let models = Array(Set(studies.flatMap(\.models))).count
        let allModels = studies.flatMap(\.models).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        field("Models", "\(models): " + allModels.map { names[$0] }.joined(separator: ", "))
        let datasets = studies.flatMap(\.datasets).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        field("Datasets", datasets.joined(separator: ", "))
        let seeds = Array(Set(studies.flatMap(\.seeds))).sorted()
        field("Seeds", seeds.isEmpty ? "none (one value per model and dataset)" : seeds.map(String.init).joined(separator: ", "))
        let direction = (options.lowerIsBetter ?? StandardMetric.lowerIsBetter.contains(options.metric)) ? "lower" : "higher"
        field("Metric", "\(options.metric) (\(direction) is better)")
        field("Blocks", options.blocks.map(\.rawValue).sorted().joined(separator: " × ")
            + " (each combination is one block of the Friedman test; models are the treatments)")
        let bars: String
        switch options.errorBar {
        case .sd: bars = "±1 sample standard deviation"
        case .se: bars = "±1 standard error"
        case .ci(let level): bars = "\(Format.number(level * 100)) % t confidence interval"
        }
        field("Tests", "Friedman, Iman–Davenport, Nemenyi at α = \(Format.number(options.alpha)); "
            + "Wilcoxon signed-rank and paired t-test per pair, Holm-adjusted; error bars \(bars)")
        if let text = CoverPage.training(results, names: names) { field("Training", text) }
        if let provenance = CoverPage.provenance(results.records) { field("Provenance", provenance) }
        let unfinished = results.unfinishedRuns.count
        if unfinished > 0 { field("Unfinished", "\(unfinished) run(s) diverged or failed: listed on their own page") }

        y += 8
        d.add(.text(typesetter.text("Findings", at: Point(x, y), size: theme.headingSize, weight: .bold, baseline: .top, color: theme.ink)))
        y += typesetter.lineHeight(size: theme.headingSize) + 6
        for study in studies {
            let content = StudyContent(study: study, options: options, names: names, records: results.records)
            let sentence = study.analysis.map(content.headline)
                ?? "\(study.title): no rank analysis (\(study.failure.map(errorMessage) ?? "not run"))."
            y = body.write("• " + sentence, into: &d, x: x, y: y, width: width) + 4
        }

        y += 8
        d.add(.text(typesetter.text("Contents", at: Point(x, y), size: theme.headingSize, weight: .bold, baseline: .top, color: theme.ink)))
        y += typesetter.lineHeight(size: theme.headingSize) + 6
        for entry in contents {
            let number = String(entry.page)
            let numberWidth = typesetter.width(number, size: theme.bodySize)
            let title = typesetter.elided(entry.title, width: width - numberWidth - 20, size: theme.bodySize)
            d.add(.text(typesetter.text(title, at: Point(x, y), size: theme.bodySize, baseline: .top, color: theme.ink)))
            d.add(.text(typesetter.text(number, at: Point(x + width, y), size: theme.bodySize, anchor: .end, baseline: .top, color: theme.ink)))
            y += body.lineStep
        }
        y += 10
        d.add(.text(typesetter.text(
            "This report has \(totalPages) pages.", at: Point(x, y), size: theme.bodySize, baseline: .top, color: theme.muted)))
        return d
    }

    /// What was trained, from RunRecords' one summary: one configuration per dataset reads as shared values
    /// plus per-dataset ones; configurations that differ within a dataset are listed with their models.
    static func training(_ results: ResultSet, names: DisplayNames) -> String? {
        let byDataset = Dictionary(grouping: results.records, by: \.dataset)
        let datasets = results.records.map(\.dataset).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !datasets.isEmpty else { return nil }
        let perDataset = datasets.map { d in Set(byDataset[d]!.map(\.configuration)) }
        if perDataset.allSatisfy({ $0.count == 1 }) {
            return ConfigurationSummary(zip(datasets, perDataset).map { ($0, $1.first!) }).text
        }
        let configurations = results.configurations
        let everyModel = Set(configurations.flatMap(\.models)).count
        return "\(configurations.count) different training configurations are pooled in these records: "
            + configurations.enumerated().map { i, entry in
                let models = entry.models.count == everyModel && everyModel > 1 ? "all \(everyModel) models" : entry.models.map { names[$0] }.joined(separator: ", ")
                return "(\(i + 1)) \(models): " + ConfigurationSummary([("", entry.configuration)]).text
            }.joined(separator: "; ")
    }

    static func provenance(_ records: [RunRecord]) -> String? {
        guard !records.isEmpty else { return nil }
        let versions = Set(records.map(\.provenance.recstatsVersion)).sorted()
        let commits = Set(records.compactMap(\.provenance.gitCommit)).sorted()
        let hosts = Set(records.map(\.provenance.host)).sorted()
        let start = records.map(\.provenance.startedAt).min()!
        let end = records.map(\.provenance.endedAt).max()!
        let f = ISO8601DateFormatter()
        var text = "recstats \(versions.joined(separator: ", "))"
        if !commits.isEmpty { text += " (commit \(commits.map { String($0.prefix(10)) }.joined(separator: ", ")))" }
        text += " on \(hosts.joined(separator: ", ")), runs from \(f.string(from: start)) to \(f.string(from: end))"
        return text
    }
}
