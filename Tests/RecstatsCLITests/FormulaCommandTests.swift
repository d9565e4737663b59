// End-to-end: `recstats formula list` and `recstats formula analyze` on the built binary. Expected values
// come from the paper (Eqs. 11, 12, 21) and the hand expansions written in FormulasTests/AnalysisTests.swift.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2))) struct FormulaCommandTests {
    func json(_ arguments: [String]) throws -> [String: Any] {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func pathCounts(_ doc: [String: Any]) throws -> [[Int]] {
        let lags = try #require(doc["lags"] as? [[String: Any]])
        return lags.compactMap { $0["paths_by_length"] as? [Int] }
    }

    @Test func listShowsEveryNamedDesign() throws {
        let r = try CLIRunner.run(["formula", "list"])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["plain", "resnet", "s", "s-published", "a4-1", "a4-2", "heavy-ball", "nesterov"] {
            #expect(r.stdout.contains("\n  \(name) "), "\(name)")
        }
        #expect(r.stdout.contains("S[i] = X[i-1] + W[i] X[i-1]; X[i] = relu(S[i]) - S[i-1]"))
        let list = try CLIRunner.run(["formula", "list", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 8)
        #expect(rows.allSatisfy { Set($0.keys) == ["name", "formula", "source"] })
    }

    @Test func sTextShowsEq12() throws {
        let r = try CLIRunner.run(["formula", "analyze", "s", "--depth", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("X[i] = relu(X[i-1] + W[i] X[i-1]) - W[i-1] X[i-2] (s)\n"))
        // Eq. (12) at i = 2 and i = 3.
        #expect(r.stdout.contains("∂X_L/∂X_{L−2} = 1 + W_L + W_L·W_{L−1}\n"))
        #expect(r.stdout.contains("∂X_L/∂X_{L−3} = 1 + W_L + W_L·W_{L−1} + W_L·W_{L−1}·W_{L−2}\n"))
        #expect(r.stdout.contains("Paths by length (s)"))
    }

    @Test func jsonForAFormulaWrittenOut() throws {
        // A.4.1; hand expansion: lag 4 = 1 + W0W1 + W0W3 + W2W3 + W0W1W2W3 → [1, 0, 3, 0, 1].
        let doc = try json(["formula", "analyze", "X[i] = W[i] X[i-1] + X[i-2]", "--depth", "6", "--format", "json"])
        #expect(Set(doc.keys) == ["formula", "name", "depth", "lags"])
        #expect(doc["name"] is NSNull)
        #expect(doc["depth"] as? Int == 6)
        #expect(doc["formula"] as? String == "X[i] = W[i] X[i-1] + X[i-2]")
        let counts = try pathCounts(doc)
        #expect(counts.count == 6)
        #expect(counts[3] == [1, 0, 3, 0, 1])
        let lag2 = try #require((doc["lags"] as? [[String: Any]])?[1]["terms"] as? [[String: Any]])
        #expect(lag2.compactMap { $0["path"] as? [Int] } == [[], [0, 1]])
        #expect(lag2.allSatisfy { $0["coefficient_exact"] as? String == "1" && $0["coefficient"] as? Double == 1 })
    }

    @Test func resnetJsonHasBinomialCounts() throws {
        // Eq. (11): C(i, k) paths of length k.
        let counts = try pathCounts(try json(["formula", "analyze", "resnet", "--depth", "5", "--format", "json"]))
        #expect(counts == [[1, 1], [1, 2, 1], [1, 3, 3, 1], [1, 4, 6, 4, 1], [1, 5, 10, 10, 5, 1]])
    }

    @Test func initialValuesGiveEq21() throws {
        let doc = try json(["formula", "analyze", "s", "--depth", "3", "--format", "json", "--initial-values"])
        let form = try #require(doc["initial_value_form"] as? [String: Any])
        #expect(form["formula"] as? String == "X[i] = W[i] X[i-1] + X[0]")
        #expect(form["same_function"] as? Bool == true)
        #expect(try pathCounts(form) == [[0, 1], [0, 0, 1], [0, 0, 0, 1]])
        let text = try CLIRunner.run(["formula", "analyze", "s", "--initial-values"])
        #expect(text.stdout.contains("Initial values brought in (Eq. 21): X[i] = W[i] X[i-1] + X[0]"))
    }

    @Test func markdownAndLatex() throws {
        let md = try CLIRunner.run(["formula", "analyze", "a4-2", "--format", "markdown"])
        #expect(md.status == 0)
        #expect(md.stdout.contains("| 2 | W_{L−1} + W_L·W_{L−1} |"))
        let tex = try CLIRunner.run(["formula", "analyze", "s-published", "--format", "latex"])
        #expect(tex.status == 0)
        #expect(tex.stdout.contains("\\begin{tabular}"))
        #expect(tex.stdout.contains("$\\partial$X\\_L/$\\partial$X\\_\\{L$-$i\\}"))
    }

    @Test func badInputExits64WithACaret() throws {
        let r = try CLIRunner.run(["formula", "analyze", "X[i] = X[i-1] +"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("column 16: expected a term after '+'"))
        #expect(r.stderr.contains("\n  X[i] = X[i-1] +\n                 ^\n"))
        let future = try CLIRunner.run(["formula", "analyze", "X[i] = X[i+1]"])
        #expect(future.status == 64 && future.stderr.contains("later block"))
        let reuse = try CLIRunner.run(["formula", "analyze", "X[i] = W[i] X[i-1] + W[i-1] X[i-1]"])
        #expect(reuse.status == 64 && reuse.stderr.contains("must take the same input"))
        #expect(try CLIRunner.run(["formula", "analyze", "s", "--depth", "31"]).status == 64)
        #expect(try CLIRunner.run(["formula", "analyze", "s", "--max-lag", "1"]).status == 64)
        let unknown = try CLIRunner.run(["formula", "analyze", "resnet50"])
        #expect(unknown.status == 64 && unknown.stderr.contains("resnet50"))
        #expect(try CLIRunner.run(["formula", "analyze", ""]).status == 64)
        #expect(try CLIRunner.run(["formula", "analyze", "s", "--format", "yaml"]).status == 64)
        // Nothing half-written: a refused design prints nothing on stdout.
        #expect(future.stdout.isEmpty)
    }
}

@Suite(.serialized, .timeLimit(.minutes(3))) struct FormulaFigureCommandTests {
    @Test func figureIsWrittenAsPDFAndSVG() throws {
        let dir = try temporaryDirectory("formula-figure")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("paths.pdf").path
        let r = try CLIRunner.run(["formula", "analyze", "s-published", "--depth", "3", "--figure", pdf], timeout: 120)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(4) == Data("%PDF".utf8))
        let svg = dir.appendingPathComponent("paths.svg").path
        #expect(try CLIRunner.run(["formula", "analyze", "resnet", "--figure", svg, "--figure-lag", "2"], timeout: 120).status == 0)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: svg)), as: UTF8.self).contains("<svg"))
        // A file name that is no figure type, and a lag beyond the depth: usage errors, nothing written.
        let jpg = dir.appendingPathComponent("paths.jpg").path
        let bad = try CLIRunner.run(["formula", "analyze", "s", "--figure", jpg], timeout: 120)
        #expect(bad.status == 64 && bad.stderr.contains(".pdf, .svg or .png"))
        #expect(!FileManager.default.fileExists(atPath: jpg))
        #expect(try CLIRunner.run(["formula", "analyze", "s", "--depth", "2", "--figure-lag", "3", "--figure", pdf], timeout: 120).status == 64)
    }

    @Test func reportDesignsAddsTheDesignsPage() throws {
        let dir = try temporaryDirectory("report-designs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("d.pdf").path
        let paper = packageRoot.appendingPathComponent("results/paper/table1.csv").path
        let r = try CLIRunner.run(["report", "--input", paper, "--blocks", "dataset", "--designs", "resnet,s,s-published", "--out", pdf], timeout: 300)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try tool("pdftotext", ["-layout", pdf, "-"]).output
        #expect(text.contains("Designs: propagation paths of the recursion formulas"))
        #expect(text.contains("s-published: paths of"))
        let bad = try CLIRunner.run(["report", "--input", paper, "--designs", "resnet,X[i] = X[i+1]", "--out", pdf], timeout: 120)
        #expect(bad.status == 64 && bad.stderr.contains("X[i+1]"))
    }
}
