// End-to-end: `recstats audit` on the bundled paper data prints every verdict with its numbers (Markdown
// and text), refuses input without the paper's tables, and `recstats report` puts the audit on page 2.
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(3))) struct AuditCommandTests {
    static let paper = packageRoot.appendingPathComponent("results/paper").path

    @Test func markdownHasEveryVerdict() throws {
        let run = try CLIRunner.run(["audit", "--input", Self.paper, "--format", "markdown"])
        #expect(run.status == 0, "\(run.stderr)")
        let out = run.stdout
        #expect(out.hasPrefix("# What the published numbers support"))
        // Hand calculations (see PaperAuditTests): Table 1's χ² = 163/9, F = 163/13; CD = 2·3.031 = 6.062; a
        // twin gap of 2 ranks needs N ≥ 28 data sets; the zoo's two Table 8 counts off by 0.01 M.
        for text in ["| 1 | §5.3.2, Table 1 |", "**supported** |", "**not supported** |", "163/9", "163/13", "6.062", "N ≥ 28",
                     "163/7", "2.334", "95.29", "Res2NeXt4s", "23,705,252", "9,896,356", "truncated"] {
            #expect(out.contains(text), "\(text)")
        }
        #expect(out.contains("| 2 | §5.3.2, Figure 4 | The Nemenyi test separates ResNet34/50/101 from their “s” twins | **not supported** |"))
        #expect(out.contains("| 8 | Appendix A.3, Table 8 | Table 8's parameter counts and FLOPs | **supported** |"))
        // Eq. (12) through the Formulas module. Hand expansion of the A.5 code (S_j = (1 + W_j) X_{j−1},
        // X_j = S_j − S_{j−1}, ReLU dropped): X_L = (1 + W_L) X_{L−1} − (1 + W_{L−1}) X_{L−2} and
        // X_{L−1} = (1 + W_{L−1}) X_{L−2} − …, so ∂X_L/∂X_{L−2} = (1 + W_L)(1 + W_{L−1}) − (1 + W_{L−1})
        // = W_L + W_L·W_{L−1}: no path of length 0. The formula as written keeps one path per length.
        #expect(out.contains("| 10 | §5.1, Eq. (12), Eqs. (18)–(20) | The recursion gives one path per length | **supported** |"))
        #expect(out.contains("i = 2 has 0 of length 0, 1 of length 1, 1 of length 2"))
        let text = try CLIRunner.run(["audit", "--input", Self.paper])
        #expect(text.status == 0 && text.stdout.contains("NOT SUPPORTED") && text.stdout.contains("Of 11 claims"))
    }

    @Test func refusesInputWithoutThePaper() throws {
        let dir = try temporaryDirectory("audit-empty")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "model,dataset,seed,metric,value\nA,x,,top1,1\nB,x,,top1,2\n".write(
            to: dir.appendingPathComponent("other.csv"), atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["audit", "--input", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("table1.csv") && run.stderr.contains("HINT"))
        #expect(run.stdout.isEmpty)
        let bad = try CLIRunner.run(["audit", "--input", Self.paper, "--format", "json"])
        #expect(bad.status == 64 && bad.stderr.contains("--format"))
    }

    @Test func reportOpensWithTheAudit() throws {
        let dir = try temporaryDirectory("audit-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("paper.pdf").path
        let run = try CLIRunner.run(["report", "--input", Self.paper, "--out", pdf])
        #expect(run.status == 0, "\(run.stderr)")
        let page2 = try tool("pdftotext", ["-f", "2", "-l", "2", "-layout", pdf, "-"]).output
        #expect(page2.contains("What the published numbers support"))
        #expect(page2.contains("3 are supported and 8 not"))
        #expect(page2.contains("Evidence: page"))
        let cover = try tool("pdftotext", ["-f", "1", "-l", "1", "-layout", pdf, "-"]).output
        #expect(cover.contains("What the published numbers support"))
    }
}
