// The one table renderer: each format's bytes for a small table, written out by hand from the format's
// rules (RFC 4180 quoting, GFM pipes, booktabs), and the one p-value format.
import Testing
import TableFormat

@Suite struct TableWriterTests {
    let table = TableSpec(
        title: "Ranks", slug: "ranks", columns: ["Model", "rank"],
        rows: [["ResNet18", "1.5"], ["a,\"b\"", "12.25"]], notes: ["Lower is better."])

    @Test func textPadsEachColumnToItsWidestCellAndAlignsNumbersRight() {
        // widths: column 0 = max("Model" 5, "ResNet18" 8, `a,"b"` 5) = 8; column 1 = max(4, 3, 5) = 5.
        let expected = """
            Ranks
              Model      rank
              ResNet18    1.5
              a,"b"     12.25
              Lower is better.

            """
        #expect(TableWriter.render(table, as: .text) == expected)
    }

    @Test func csvQuotesOnlyFieldsThatNeedIt() {
        #expect(TableWriter.render(table, as: .csv) == "Model,rank\nResNet18,1.5\n\"a,\"\"b\"\"\",12.25\n")
    }

    @Test func markdownHasAnAlignmentRow() {
        let md = TableWriter.render(table, as: .markdown)
        #expect(md == "**Ranks**\n\n| Model | rank |\n|:---|---:|\n| ResNet18 | 1.5 |\n| a,\"b\" | 12.25 |\n\nLower is better.\n")
    }

    @Test func latexIsBooktabs() {
        let tex = TableWriter.render(table, as: .latex)
        #expect(tex.contains("\\begin{tabular}{lr}\n\\toprule\nModel & rank \\\\\n\\midrule\nResNet18 & 1.5 \\\\"))
        #expect(tex.contains("\\bottomrule\n\\end{tabular}"))
    }

    @Test(arguments: [
        (0.0, "0"), (3.9e-32, "3.90e-32"), (1.0 / 12.0, "0.08333"), (0.375, "0.375"), (1.0, "1"), (0.0001, "0.0001"),
    ])
    func pValueFormat(p: Double, expected: String) {
        #expect(TableWriter.pValue(p) == expected)
    }
}
