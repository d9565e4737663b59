// Turns each check's numbers into a claim's finding: the verdict (by a rule stated in the finding), the
// numbers in a sentence, and the evidence tables. The verdict is decided here and nowhere else.
import Foundation
import TableFormat
import RunRecords

extension PaperAuditChecks {
    func finding(for claim: PaperClaim) throws -> ClaimFinding {
        switch claim.check {
        case .friedmanOnTable1: return try friedmanFinding(claim)
        case .nemenyiOnTable1: return try nemenyiFinding(claim)
        case .twinsBetterInTable1: return try twinsFinding(claim, table: .table1, prefix: "")
        case .seResNetTwinsBetterInTable2: return try twinsFinding(claim, table: .table2, prefix: "SEResNet")
        case .appendixFormulas: return try formulaFinding(claim)
        case .qAlphaTable: return try qAlphaFinding(claim)
        case .table2IsSeedMean: return try seedMeanFinding(claim)
        case .table8Costs: return try costFinding(claim)
        case .significantImprovement: return try significanceFinding(claim)
        case .onePathPerLength: return pathFinding(claim, paths: input.formulaPaths)
        case .publishedCodePaths: return pathFinding(claim, paths: input.publishedCodePaths)
        }
    }

    // MARK: §5.3.2: Friedman and Nemenyi on Table 1

    func friedmanFinding(_ claim: PaperClaim) throws -> ClaimFinding {
        let t = try table1Ranks()
        let alpha = input.alpha
        let f = t.imanDavenport
        let rejects = t.friedman.pValue <= alpha && f.pValue <= alpha
        let fText = t.imanDavenportF.map { "\($0) = \(fixed($0.value, 2))" } ?? "∞"
        let finding = "On top-1 with the \(t.n) data sets as blocks (k = \(t.k), N = \(t.n)): χ²_F = \(t.chiSquare) = "
            + "\(fixed(t.chiSquare.value, 2)) (df \(t.friedman.degreesOfFreedom), p = \(TableWriter.pValue(t.friedman.pValue))); "
            + "Iman–Davenport F_F = \(fText) (df \(f.degreesOfFreedom.numerator), \(f.degreesOfFreedom.denominator); "
            + "p = \(TableWriter.pValue(f.pValue))). "
            + (rejects ? "Both reject equal performance at α = \(number(alpha))." : "Not both reject equal performance at α = \(number(alpha)).")
        let tests = TableSpec(
            title: "Friedman and Iman–Davenport on Table 1 (top-1)", slug: "audit-friedman-table1",
            columns: ["Test", "Statistic (exact)", "Value", "df", "p"],
            rows: [
                ["Friedman χ²_F", TableCell(t.chiSquare.description), TableCell(fixed(t.friedman.statistic, 4)),
                 TableCell("\(t.friedman.degreesOfFreedom)"), TableCell(TableWriter.pValue(t.friedman.pValue))],
                ["Iman–Davenport F_F", TableCell(t.imanDavenportF?.description ?? "∞"), TableCell(f.f.map { fixed($0, 4) } ?? "∞"),
                 TableCell("\(f.degreesOfFreedom.numerator), \(f.degreesOfFreedom.denominator)"), TableCell(TableWriter.pValue(f.pValue))],
            ],
            notes: ["Demšar (2006): χ²_F = 12N/(k(k+1)) (Σ R_j² − k(k+1)²/4); F_F = (N−1)χ²_F/(N(k−1) − χ²_F). No ties in Table 1's top-1."])
        let summary = "χ²_F = \(t.chiSquare) = \(fixed(t.chiSquare.value, 2)), p = \(TableWriter.pValue(t.friedman.pValue)); "
            + "F_F = \(fText), p = \(TableWriter.pValue(f.pValue)) (k = \(t.k), N = \(t.n)): "
            + (rejects ? "both reject equal performance at α = \(number(alpha))." : "not both reject at α = \(number(alpha)).")
        return ClaimFinding(
            claim: claim, verdict: rejects ? .supported : .notSupported, finding: finding, summary: summary,
            evidence: [rankTable(t), tests])
    }

    func rankTable(_ t: Table1Ranks) -> TableSpec {
        let rows: [[TableCell]] = t.table.models.indices.map { m in
            [TableCell(t.table.models[m])] + t.table.blocks.indices.map { b in
                TableCell("\(fixed(t.table.values[b][m], 2)) (\(rankText(t.ranks[b][m])))")
            } + [TableCell(fixed(t.averageRanks[m], 3))]
        }
        return TableSpec(
            title: "Table 1 top-1 (%) with its rank per data set (1 = best)", slug: "audit-table1-ranks",
            columns: ["Model"] + t.table.blockLabels + ["Avg. rank"], rows: rows)
    }

    func nemenyiFinding(_ claim: PaperClaim) throws -> ClaimFinding {
        let t = try table1Ranks()
        let cds = t.nemenyi.map(\.criticalDifference)
        let claimed = t.twins.filter { Self.nemenyiClaimedBaselines.contains($0.baseline) }
        guard claimed.count == Self.nemenyiClaimedBaselines.count else {
            throw StatsError.unknownModels(Self.nemenyiClaimedBaselines, available: t.table.models)
        }
        let separated = claimed.filter { $0.gap > cds[0] }
        func list(_ gaps: [RankGap]) -> String {
            gaps.isEmpty ? "none" : gaps.map { "\($0.better)–\($0.worse) (\(fixed($0.gap, 2)))" }.joined(separator: ", ")
        }
        let twinPairsSeparated = t.differing.map { gaps in
            gaps.filter { g in t.twins.contains { ($0.baseline == g.better && $0.variant == g.worse) || ($0.variant == g.better && $0.baseline == g.worse) } }
        }
        let widest = claimed.map(\.gap).max() ?? 0
        var finding = "k = \(t.k), N = \(t.n): CD = \(fixed(cds[0], 3)) at α = \(number(Self.nemenyiAlphas[0])) and "
            + "\(fixed(cds[1], 3)) at α = \(number(Self.nemenyiAlphas[1])), where the widest possible gap (always first against "
            + "always last) is \(t.k - 1). Pairs that differ at α = \(number(Self.nemenyiAlphas[0])): \(list(t.differing[0])); "
            + "at α = \(number(Self.nemenyiAlphas[1])): \(list(t.differing[1])). "
        finding += twinPairsSeparated.allSatisfy(\.isEmpty) ? "None of them is a baseline and its twin: " : "Twins among them: "
        finding += claimed.map { "\($0.baseline)/\($0.variant) are \(fixed($0.gap, 2)) ranks apart" }.joined(separator: ", ") + ". "
        if widest > 0 {
            finding += "With \(t.n) data sets the CD separates only a model nearly always first from one nearly always last; "
                + "a gap of \(fixed(widest, 2)) would need N ≥ \(t.blocksNeeded(gap: widest, qAlpha: t.nemenyi[0].qAlpha)) data sets "
                + "at α = \(number(Self.nemenyiAlphas[0]))."
        }
        let levels = TableSpec(
            title: "Nemenyi on Table 1 (k = \(t.k), N = \(t.n))", slug: "audit-nemenyi-table1",
            columns: ["α", "q_α", "CD", "Pairs whose average ranks differ by more than the CD"],
            alignments: [.right, .right, .right, .left],
            rows: zip(t.nemenyi, t.differing).map { result, gaps in
                [TableCell(number(result.alpha)), TableCell(fixed(result.qAlpha, 3)), TableCell(fixed(result.criticalDifference, 3)),
                 TableCell(list(gaps))]
            },
            notes: ["CD = q_α √(k(k+1)/(6N)) with q_α = q_{α,k,∞}/√2 computed from the studentized range."])
        let twins = TableSpec(
            title: "Each baseline and its “s” twin on Table 1", slug: "audit-twins-table1",
            columns: ["Baseline", "Avg. rank", "“s” twin", "Avg. rank", "Gap", "N needed (α = \(number(Self.nemenyiAlphas[0])))"],
            rows: t.twins.map { g in
                [TableCell(g.baseline), TableCell(fixed(g.baselineRank, 3)), TableCell(g.variant), TableCell(fixed(g.variantRank, 3)),
                 TableCell(fixed(g.gap, 3)), TableCell(g.gap > 0 ? "\(t.blocksNeeded(gap: g.gap, qAlpha: t.nemenyi[0].qAlpha))" : "–")]
            },
            notes: ["Gap: baseline's average rank minus the twin's (positive: the twin ranks better). N needed: the fewest data sets "
                    + "at which this gap would exceed the CD."])
        let twinsSeparated = twinPairsSeparated.map(\.count).reduce(0, +)
        var summary = "CD = \(fixed(cds[0], 3)) (α = \(number(Self.nemenyiAlphas[0]))) and \(fixed(cds[1], 3)) (α = "
            + "\(number(Self.nemenyiAlphas[1]))) of at most \(t.k - 1) rank places: with \(t.n) data sets only a model nearly "
            + "always first and one nearly always last can differ. Pairs that differ: \(t.differing[0].count) at "
            + "\(number(Self.nemenyiAlphas[0])), \(t.differing[1].count) at \(number(Self.nemenyiAlphas[1])) "
            + "(\(twinsSeparated == 0 ? "none" : "\(twinsSeparated)") of them a twin pair). The named twins are " + claimed.map { fixed($0.gap, 2) }.joined(separator: ", ") + " ranks apart"
        summary += widest > 0 ? "; \(fixed(widest, 2)) would need N ≥ \(t.blocksNeeded(gap: widest, qAlpha: t.nemenyi[0].qAlpha)) data sets." : "."
        return ClaimFinding(
            claim: claim, verdict: separated.count == claimed.count ? .supported : .notSupported, finding: finding,
            summary: summary, evidence: [levels, twins])
    }

    /// "head." or "head; label a, b, c."
    func exceptions(_ head: String, _ label: String, _ items: [String]) -> String {
        items.isEmpty ? head + "." : head + "; \(label) " + items.joined(separator: ", ") + "."
    }

    /// Supported when nothing contradicts the claim.
    func verdictUnless<T>(
        _ contradictions: [T], _ claim: PaperClaim, finding: String, summary: String, evidence: [TableSpec]
    ) -> ClaimFinding {
        ClaimFinding(
            claim: claim, verdict: contradictions.isEmpty ? .supported : .notSupported, finding: finding, summary: summary,
            evidence: evidence)
    }

    // MARK: §5.3.1 and §5.3.3: the twins cell by cell

    func twinsFinding(_ claim: PaperClaim, table: PaperTable, prefix: String) throws -> ClaimFinding {
        let cells = try twinCells(table, baselinePrefix: prefix)
        guard !cells.isEmpty else {
            throw StatsError.invalidOption("\(table.fileName) has no baseline/“s” pair\(prefix.isEmpty ? "" : " named \(prefix)…")")
        }
        let better = cells.filter { $0.difference > 0 }
        let notBetter = cells.filter { $0.difference <= 0 }
        var finding = "The “s” twin is better in \(better.count) of \(cells.count) cells of \(table.fileName)"
        if notBetter.isEmpty {
            finding += "."
        } else {
            finding += "; not in " + notBetter.map {
                "\($0.variant) on \($0.dataset) \($0.metric) (\(fixed($0.variantValue, 2)) vs \(fixed($0.baselineValue, 2)))"
            }.joined(separator: ", ") + "."
        }
        let evidence = TableSpec(
            title: "Each twin against its baseline, cell by cell (\(table.fileName))", slug: "audit-cells-\(table.rawValue)\(prefix.isEmpty ? "" : "-" + prefix.lowercased())",
            columns: ["Baseline", "“s” twin", "Data set", "Metric", "Baseline (%)", "Twin (%)", "Twin − baseline"],
            rows: cells.map { c in
                [TableCell(c.baseline), TableCell(c.variant), TableCell(c.dataset), TableCell(c.metric), TableCell(fixed(c.baselineValue, 2)),
                 TableCell(fixed(c.variantValue, 2)), TableCell(signed(c.difference, 2), bold: c.difference <= 0)]
            },
            notes: ["Bold: the twin is not better."])
        let summary = exceptions(
            "The twin is better in \(better.count) of \(cells.count) cells", "not in",
            notBetter.map { "\($0.variant) \($0.dataset) \($0.metric) (\(signed($0.difference, 2)))" })
        return verdictUnless(notBetter, claim, finding: finding, summary: summary, evidence: [evidence])
    }

    // MARK: Appendix A.1 and Table 4

    func formulaFinding(_ claim: PaperClaim) throws -> ClaimFinding {
        let t = try table1Ranks()
        let printedQ = PaperClaims.printedQAlpha[0].values[t.k - PaperClaims.printedQAlphaFirstK]
        let printedCD = AppendixA1.criticalDifference(qAlpha: printedQ, models: t.k, blocks: t.n)
        let sameF = AppendixA1.imanDavenport(t.chiSquare, models: t.k, blocks: t.n)
        let maximum = t.n * (t.k - 1)
        func value(_ f: Fraction?) -> String { f.map { "\($0) = \(fixed($0.value, 3))" } ?? "∞" }
        struct Row { var name: String; var printed: String; var demsar: String; var agrees: Bool }
        let chiAgrees = t.printedChiSquare == t.chiSquare
        let fAgrees = sameF.map { abs($0.value - (t.imanDavenport.f ?? .infinity)) <= 1e-9 * max(1, abs($0.value)) } ?? (t.imanDavenport.f == nil)
        let cdAgrees = (printedCD * 1000).rounded() == (t.nemenyi[0].criticalDifference * 1000).rounded()
        let rows = [
            Row(name: "τ_χ² (Friedman)", printed: value(t.printedChiSquare), demsar: value(t.chiSquare), agrees: chiAgrees),
            Row(name: "τ_F from each χ²", printed: value(t.printedImanDavenportF), demsar: value(t.imanDavenportF),
                agrees: t.printedImanDavenportF == t.imanDavenportF),
            Row(name: "τ_F on χ² = \(t.chiSquare)", printed: value(sameF), demsar: t.imanDavenport.f.map { fixed($0, 3) } ?? "∞", agrees: fAgrees),
            Row(name: "CD at α = 0.05", printed: "\(fixed(printedQ, 3)) · √(k(k+1)/(6N)) = \(fixed(printedCD, 3))",
                demsar: fixed(t.nemenyi[0].criticalDifference, 3), agrees: cdAgrees),
        ]
        let formulasRight = [chiAgrees, fAgrees, cdAgrees]
        var finding = "Evaluated on Table 1 (k = \(t.k), N = \(t.n)) against Demšar's: "
        if chiAgrees {
            finding += "the χ² formula agrees"
        } else {
            finding += "the χ² formula has k(k−1) where Demšar has k(k+1): it gives \(t.printedChiSquare) = "
                + "\(fixed(t.printedChiSquare.value, 2)) instead of \(t.chiSquare) = \(fixed(t.chiSquare.value, 2))"
            if t.printedChiSquare.value > Double(maximum) {
                finding += ", above the largest χ² possible, N(k−1) = \(maximum), so that τ_F = "
                    + (t.printedImanDavenportF.map { "\($0) = \(fixed($0.value, 3))" } ?? "∞") + " (an F below 0)"
            }
        }
        finding += ". τ_F " + (fAgrees ? "agrees" : "does not agree") + " and CD " + (cdAgrees ? "agrees" : "does not agree")
            + " (\(formulasRight.filter { $0 }.count) of 3 formulas right)."
        let evidence = TableSpec(
            title: "Appendix A.1's formulas as printed against Demšar (2006), on Table 1", slug: "audit-appendix-a1",
            columns: ["Formula", "As printed (A.1)", "Demšar (2006)", "Agree"],
            alignments: [.left, .right, .right, .left],
            rows: rows.map { [TableCell($0.name), TableCell($0.printed), TableCell($0.demsar), TableCell($0.agrees ? "yes" : "no", bold: !$0.agrees)] },
            notes: ["Printed: τ_χ² = 12N/(k(k−1)) (Σ r_i² − k(k+1)²/4); Demšar: 12N/(k(k+1)) (…). Exact fractions from the rank sums."])
        var summary = chiAgrees ? "χ² agrees" : "χ² has k(k−1) for k(k+1): \(t.printedChiSquare) = \(fixed(t.printedChiSquare.value, 2)) "
            + "for \(t.chiSquare) = \(fixed(t.chiSquare.value, 2))"
        if !chiAgrees && t.printedChiSquare.value > Double(maximum) {
            summary += ", above its maximum N(k−1) = \(maximum), giving τ_F = " + (t.printedImanDavenportF.map { "\($0)" } ?? "∞")
        }
        summary += "; τ_F " + (fAgrees ? "and" : "agrees, not") + " CD " + (cdAgrees ? "agree" : "disagree")
            + " (\(formulasRight.filter { $0 }.count) of 3 right)."
        return ClaimFinding(
            claim: claim, verdict: formulasRight.allSatisfy { $0 } ? .supported : .notSupported, finding: finding, summary: summary,
            evidence: [evidence])
    }

    func qAlphaFinding(_ claim: PaperClaim) throws -> ClaimFinding {
        let cells = try qAlphaCells()
        let wrong = cells.filter(\.differs)
        var finding = "\(cells.count - wrong.count) of \(cells.count) cells equal q_{α,k,∞}/√2 rounded to 3 decimals"
        if wrong.isEmpty {
            finding += "."
        } else {
            let misprints = wrong.filter { !$0.asDemsarPrints }
            let inherited = wrong.filter(\.asDemsarPrints)
            func cell(_ c: QAlphaCell) -> String {
                "k = \(c.k), α = \(number(c.alpha)) is printed \(fixed(c.printed, 3)), exact \(fixed(c.exact, 4))"
                    + (c.asDemsarPrints ? "" : c.demsar.map { ", Demšar \(fixed($0, 3))" } ?? "")
            }
            finding += "; the other \(wrong.count) differ beyond rounding. "
            if !misprints.isEmpty {
                finding += "Misprinted (Demšar's Table 5a, which the paper cites, differs): " + misprints.map(cell).joined(separator: "; ") + ". "
            }
            if !inherited.isEmpty {
                finding += "As Demšar prints them, \(inherited.map { fixed(abs($0.printed - $0.exact), 4) }.max()!) or less from exact: "
                    + inherited.map(cell).joined(separator: "; ") + "."
            }
            let usedK = (try? table1Ranks().k) ?? 8
            if !wrong.contains(where: { $0.k == usedK }) {
                finding += " The k = \(usedK) cells the paper uses are right, so its CD is not affected."
            }
        }
        let ks = Array(Set(cells.map(\.k))).sorted()
        var rows: [[TableCell]] = []
        for (alpha, _) in PaperClaims.printedQAlpha {
            let mine = ks.compactMap { k in cells.first { $0.k == k && $0.alpha == alpha } }
            rows.append([TableCell("\(number(alpha)) printed")] + mine.map { TableCell(fixed($0.printed, 3), bold: $0.differs) })
            rows.append([TableCell("\(number(alpha)) exact")] + mine.map { TableCell(fixed($0.exact, 4), bold: $0.differs) })
            rows.append([TableCell("\(number(alpha)) Demšar")] + mine.map { TableCell($0.demsar.map { fixed($0, 3) } ?? "–") })
        }
        let evidence = TableSpec(
            title: "Table 4's q_α against the studentized range", slug: "audit-table4-q-alpha",
            columns: ["α"] + ks.map { "k = \($0)" }, rows: rows,
            notes: ["Exact: the upper-α point of the range of k standard normals, divided by √2 (GSL integration and root finding). "
                    + "Bold: printed ≠ exact rounded to 3 decimals. Demšar: his Table 5a (2006), the paper's source."])
        var summary = "\(cells.count - wrong.count) of \(cells.count) cells are exact to 3 decimals"
        let misprinted = wrong.filter { !$0.asDemsarPrints }
        let inheritedCells = wrong.filter(\.asDemsarPrints)
        if !misprinted.isEmpty {
            summary += "; misprinted: " + misprinted.map {
                "k = \($0.k), α = \(number($0.alpha)): \(fixed($0.printed, 3)) for \(fixed($0.exact, 4))"
                    + ($0.demsar.map { " (Demšar \(fixed($0, 3)))" } ?? "")
            }.joined(separator: "; ")
        }
        if !inheritedCells.isEmpty {
            summary += "; " + inheritedCells.map { "k = \($0.k), α = \(number($0.alpha))" }.joined(separator: " and ")
                + " are off by < 0.001 as in Demšar's table"
        }
        summary += "."
        return verdictUnless(wrong, claim, finding: finding, summary: summary, evidence: [evidence])
    }

    // MARK: Table 2 against Tables 5–7

    func seedMeanFinding(_ claim: PaperClaim) throws -> ClaimFinding {
        let cells = try seedMeanCells()
        let wrong = cells.filter(\.differs)
        var finding = "\(cells.count - wrong.count) of \(cells.count) cells of Table 2 equal the mean of their \(cells.first?.seeds.count ?? 0) seeds to 2 decimals"
        finding += wrong.isEmpty ? "." : "; " + wrong.map {
            "\($0.model) \($0.dataset) is printed \(fixed($0.printed, 2)), mean \(fixed($0.mean, 3))"
                + ($0.truncatedMean ? " (the mean truncated, not rounded)" : "")
        }.joined(separator: "; ") + "."
        let seeds = cells.first?.seeds.map(\.seed) ?? []
        let evidence = TableSpec(
            title: "Table 2 cells that are not the mean of Tables 5–7", slug: "audit-table2-seed-means",
            columns: ["Model", "Data set"] + seeds.map { "Seed \($0)" } + ["Mean", "Table 2", "Table 2 − mean"],
            rows: wrong.map { c in
                [TableCell(c.model), TableCell(c.dataset)] + c.seeds.map { TableCell(fixed($0.value, 2)) }
                    + [TableCell(fixed(c.mean, 4)), TableCell(fixed(c.printed, 2)), TableCell(signed(c.printed - c.mean, 4), bold: true)]
            },
            notes: ["The other \(cells.count - wrong.count) cells are within 0.005 of the mean. Top-1 (%)."])
        let summary = exceptions(
            "\(cells.count - wrong.count) of \(cells.count) cells are the seed means", "not:",
            wrong.map { "\($0.model) \($0.dataset) \(fixed($0.printed, 2)) (mean \(fixed($0.mean, 3)))" })
        return verdictUnless(wrong, claim, finding: finding, summary: summary, evidence: [evidence])
    }

    // MARK: Table 8 against the zoo

    func costFinding(_ claim: PaperClaim) throws -> ClaimFinding {
        let cells = try costCells()
        let compared = cells.filter { $0.zooParameters != nil && $0.printedParameters != nil }
        let equal = compared.filter(\.parametersEqualRounded)
        let off = compared.filter { !$0.parametersEqualRounded }
        let truncated = off.filter(\.parametersEqualTruncated)
        let flops = cells.filter { $0.printedFLOPs != nil && $0.zooFLOPs != nil }
        let flopsEqual = flops.filter(\.flopsEqual)
        let roundedUp = equal.filter { !$0.parametersEqualTruncated }
        var finding = "Parameters: \(equal.count) of \(compared.count) equal the zoo's exact counts rounded to 0.01 M"
        if !off.isEmpty {
            finding += "; " + off.map { c in
                "\(c.model) is printed \(millions(c.printedParameters!)) M, the zoo counts \(grouped(c.zooParameters!)) (\(hundredths(c.zooRounded!)) M rounded)"
            }.joined(separator: ", ")
            if truncated.count == off.count {
                finding += ": truncated, not rounded, while \(roundedUp.count) other counts are printed rounded up (e.g. "
                    + (roundedUp.first.map { "\($0.model) \(grouped($0.zooParameters!)) → \(hundredths($0.zooRounded!))" } ?? "none")
                    + "), so \(off.count == 1 ? "this cell was" : "these cells were") cut off one digit early"
            }
        }
        finding += ". FLOPs: \(flopsEqual.count) of \(flops.count) equal the zoo's MACs per image × 128 at 2 significant digits."
        let fits = off.count == truncated.count && flopsEqual.count == flops.count && !compared.isEmpty
        if fits { finding += " Every printed count is the zoo's to the printed precision." }
        let evidence = TableSpec(
            title: "Table 8 against the model zoo (100 classes, width ×1)", slug: "audit-table8-zoo",
            columns: ["Model", "Params (Table 8)", "Zoo (exact)", "Zoo (0.01 M)", "Equal", "FLOPs (Table 8)", "Zoo FLOPs", "Equal"],
            alignments: [.left, .right, .right, .right, .left, .right, .right, .left],
            rows: cells.map { c in
                let pEqual = c.parametersEqualRounded ? "yes" : (c.parametersEqualTruncated ? "truncated" : "no")
                return [
                    TableCell(c.model), TableCell(c.printedParameters.map { millions($0) + " M" } ?? "–"),
                    TableCell(c.zooParameters.map(grouped) ?? "–"), TableCell(c.zooRounded.map { hundredths($0) + " M" } ?? "–"),
                    TableCell(pEqual, bold: !c.parametersEqualRounded),
                    TableCell(c.printedFLOPs.map(scientific) ?? "–"), TableCell(c.zooFLOPs.map(scientific) ?? "–"),
                    TableCell(c.flopsEqual ? "yes" : "no", bold: !c.flopsEqual),
                ]
            },
            notes: ["Zoo: `recstats models` (CIFAR stem, 100 classes); FLOPs = multiply-accumulates per image × 128, as Table 8 counts them."])
        var summary = "\(equal.count) of \(compared.count) parameter counts equal the zoo's rounded to 0.01 M"
        if !off.isEmpty {
            summary += "; " + off.map { c in
                "\(c.model) \(millions(c.printedParameters!)) (zoo \(grouped(c.zooParameters!)))"
            }.joined(separator: " and ") + (truncated.count == off.count ? " are truncated, not rounded" : " differ")
        }
        summary += ". FLOPs: \(flopsEqual.count) of \(flops.count) equal."
        return ClaimFinding(
            claim: claim, verdict: fits ? .supported : .notSupported, finding: finding, summary: summary, evidence: [evidence])
    }

    // MARK: Abstract: significance over seeds

    func significanceFinding(_ claim: PaperClaim) throws -> ClaimFinding {
        let tests = try seedPairTests()
        let alpha = input.alpha
        let surviving = tests.filter { $0.holmPValue <= alpha && $0.meanDifference > 0 }
        let negative = tests.filter { $0.meanDifference < 0 }
        let seeds = tests.first?.differences.count ?? 0
        let floor = tests.map(\.wilcoxon.pValue).min() ?? 1
        var finding = "Per pair and data set over the \(seeds) seeds of Tables 5–7 (paired t-test, df \(max(0, seeds - 1)), Holm across "
            + "\(tests.count)): \(surviving.count) of \(tests.count) improvement\(surviving.count == 1 ? "" : "s") survive\(surviving.count == 1 ? "s" : "") at α = \(number(alpha))"
        finding += surviving.isEmpty ? "" : " (" + surviving.map {
            "\($0.variant) on \($0.dataset), \(signed($0.meanDifference, 2)) points, t = \(fixed($0.tTest.statistic, 1)), "
                + "p = \(TableWriter.pValue($0.tTest.pValue)), Holm p = \(TableWriter.pValue($0.holmPValue))"
        }.joined(separator: "; ") + ")"
        finding += "; \(negative.count) of \(tests.count) mean differences are negative. With \(seeds) seeds Wilcoxon's p cannot fall "
            + "below \(TableWriter.pValue(floor)). ImageNet (Tables 1 and 3) has one run per model: no test over seeds is possible. "
            + "Rule: supported when most comparisons survive."
        let evidence = TableSpec(
            title: "Each “s” twin against its baseline over the seeds (Tables 5–7, top-1)", slug: "audit-pairs-over-seeds",
            columns: ["Baseline", "“s” twin", "Data set", "Differences by seed", "Mean", "t", "p", "Holm p", "Survives"],
            alignments: [.left, .left, .left, .right, .right, .right, .right, .right, .left],
            rows: tests.map { s in
                let survives = s.holmPValue <= alpha && s.meanDifference > 0
                return [
                    TableCell(s.baseline), TableCell(s.variant), TableCell(s.dataset),
                    TableCell(s.differences.map { signed($0, 2) }.joined(separator: ", ")), TableCell(signed(s.meanDifference, 3)),
                    TableCell(fixed(s.tTest.statistic, 2)), TableCell(TableWriter.pValue(s.tTest.pValue)),
                    TableCell(TableWriter.pValue(s.holmPValue)), TableCell(survives ? "yes" : "no", bold: survives),
                ]
            },
            notes: ["Differences: twin − baseline in points of top-1 (%), seeds in ascending order. Two-sided paired t-test; Holm (1979) "
                    + "across all \(tests.count) rows at α = \(number(alpha))."])
        var summary = "\(surviving.count) of \(tests.count) pair × data-set improvement\(surviving.count == 1 ? " survives" : "s survive") Holm at α = \(number(alpha))"
        summary += surviving.isEmpty ? "" : " (" + surviving.map {
            "\($0.variant) \($0.dataset), \(signed($0.meanDifference, 2)), Holm p = \(TableWriter.pValue($0.holmPValue))"
        }.joined(separator: "; ") + ")"
        summary += "; \(negative.count) of \(tests.count) mean differences are negative; ImageNet has no seeds to test."
        return ClaimFinding(
            claim: claim, verdict: 2 * surviving.count > tests.count ? .supported : .notSupported, finding: finding, summary: summary,
            evidence: [evidence])
    }

    // MARK: Eq. (12)

    /// One path per length for every i the analysis covers; pending without the formula analysis.
    func pathFinding(_ claim: PaperClaim, paths: PathCounts?) -> ClaimFinding {
        guard let paths else {
            return ClaimFinding(
                claim: claim, verdict: .cannotBeChecked,
                finding: "Pending: needs the formula analysis (the Formulas module's path expansion of designs `s` and `s-published`), "
                    + "which this build does not have.",
                summary: "Pending: needs the formula analysis (path expansion of `s` and `s-published`).", pending: true)
        }
        let lengths = paths.counts.keys.sorted()
        let broken = lengths.filter { i in paths.counts[i]! != [Int](repeating: 1, count: i + 1) }
        var finding = "Expanding ∂X_L/∂X_{L−i} for design `\(paths.design)`, i = \(lengths.first ?? 0)…\(lengths.last ?? 0): "
        if broken.isEmpty {
            finding += "exactly one path of each length 0…i."
        } else {
            finding += broken.map { i in
                "i = \(i) has " + paths.counts[i]!.enumerated().map { "\($1) of length \($0)" }.joined(separator: ", ")
            }.joined(separator: "; ") + "."
        }
        let evidence = TableSpec(
            title: "Paths by length in ∂X_L/∂X_{L−i}, design `\(paths.design)`", slug: "audit-paths-\(slugPart(paths.design))",
            columns: ["i"] + (0...(lengths.last ?? 0)).map { "length \($0)" },
            rows: lengths.map { i in
                [TableCell("\(i)")] + (0...(lengths.last ?? 0)).map { l in
                    l <= i ? TableCell("\(paths.counts[i]![l])", bold: paths.counts[i]![l] != 1) : TableCell("")
                }
            },
            notes: ["Terms of each length in the expansion (signed terms counted once each); Eq. (12) has one of each."])
        return ClaimFinding(claim: claim, verdict: broken.isEmpty ? .supported : .notSupported, finding: finding, evidence: [evidence])
    }
}

// MARK: Number formats of the audit's sentences

fileprivate func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
fileprivate func signed(_ x: Double, _ digits: Int) -> String { String(format: "%+.\(digits)f", x) }
/// 0.05, 0.1: the shortest form.
fileprivate func number(_ x: Double) -> String { "\(x)" }
fileprivate func rankText(_ r: Double) -> String { r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r) }
/// 11220000 → "11.22".
fileprivate func millions(_ x: Double) -> String { String(format: "%.2f", x / 1e6) }
/// 2371 (hundredths of a million) → "23.71".
fileprivate func hundredths(_ n: Int) -> String { String(format: "%d.%02d", n / 100, n % 100) }
/// 23705252 → "23,705,252".
fileprivate func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return out
}
/// 7.1e10 → "7.1e10" (two significant digits, as Table 8 prints FLOPs).
fileprivate func scientific(_ x: Double) -> String {
    guard x > 0 else { return "\(x)" }
    var exponent = Int(floor(log10(x)))
    var mantissa = x / pow(10, Double(exponent))
    if (mantissa * 10).rounded() >= 100 { mantissa /= 10; exponent += 1 }
    return String(format: "%.1fe%d", mantissa, exponent)
}
fileprivate func slugPart(_ s: String) -> String { s.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined() }
