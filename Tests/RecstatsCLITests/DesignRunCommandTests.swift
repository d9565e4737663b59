// Issue 15 end to end on the built binary: `run-all --designs` trains FAMILY+DESIGN models (a built-in
// and the user's own) in worker processes, the records keep each design's formula, `stats` pairs every
// design with its family's baseline and ranks the designs, `report` draws them, a trained design model
// exports from its record alone, and a second formula under a trained name is refused before training.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct DesignRunCommandTests {
    static let tiny = ["--preset", "smoke", "--epochs", "1", "--train-size", "32", "--test-size", "16", "--batch-size", "16", "--threads", "1"]
    static let hb2 = "X[i] = relu(X[i-1] + W[i] X[i-1] + 0.25 * (X[i-1] - X[i-2]))"

    @Test func runAllTrainsDesignsAndStatsAndReportCompareThemWithTheBaseline() throws {
        let dir = try RunAllCommandTests.directory()
        let common = ["run-all", "--models", "resnet18", "--designs", "resnet,heavy-ball,hb2", "--design", "hb2=\(Self.hb2)",
                      "--datasets", "synthetic10", "--seeds", "0,1", "--jobs", "2", "--results-dir", dir] + Self.tiny
        let result = try CLIRunner.run(common)
        #expect(result.status == 0, "\(result.stderr)")
        let records = try RunAllCommandTests.records(dir)
        #expect(Set(records.keys) == Set(["resnet18", "resnet18+heavy-ball", "resnet18+hb2"].flatMap { m in
            ["0", "1"].map { "\(m)__synthetic10__seed\($0).json" }
        }))
        let hb = try #require(records["resnet18+hb2__synthetic10__seed0.json"])
        let design = try #require(hb["design"] as? [String: Any])
        #expect(design["name"] as? String == "hb2" && design["formula"] as? String == Self.hb2)
        #expect(hb["baseline"] as? String == "resnet18" && hb["is_s_variant"] as? Bool == false)
        #expect(hb["display_name"] as? String == "ResNet18+hb2")
        // The network trained is the one `models` counts for the design (width 1/16, 10 classes).
        let listing = try CLIRunner.run(["models", "--width", "0.0625", "--classes", "10", "--design", "hb2=\(Self.hb2)", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first { $0["id"] as? String == "resnet18+hb2" })
        #expect(hb["parameters"] as? Int == row["parameters"] as? Int && hb["macs_per_image"] as? Int == row["macs_per_image"] as? Int)
        let baseline = try #require(records["resnet18__synthetic10__seed0.json"]?["design"] as? [String: Any])
        #expect(baseline["name"] as? String == "resnet" && baseline["formula"] as? String == "X[i] = relu(X[i-1] + W[i] X[i-1])")

        // stats: both designs paired with resnet18, and the design table with the user's formula.
        let stats = try CLIRunner.run(["stats", "--input", dir, "--format", "json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let pairs = try #require(json["pairs"] as? [[String: Any]])
        #expect(Set(pairs.map { "\($0["variant"]!)>\($0["baseline"]!)" }) == ["resnet18+heavy-ball>resnet18", "resnet18+hb2>resnet18"])
        let designs = try #require(json["designs"] as? [[String: Any]])
        #expect(Set(designs.map { $0["design"] as! String }) == ["resnet", "heavy-ball", "hb2"])
        #expect(designs.first { $0["design"] as? String == "hb2" }?["formula"] as? String == Self.hb2)

        // report: the Designs section with the trained designs (no --designs needed).
        let pdf = dir + "/report.pdf", figures = dir + "/figures"
        let report = try CLIRunner.run(["report", "--input", dir, "--out", pdf, "--figures-dir", figures])
        #expect(report.status == 0, "\(report.stderr)")
        let table = try String(contentsOfFile: figures + "/runs-designs.md", encoding: .utf8)
        for name in ["| resnet |", "| heavy-ball |", "| hb2 |"] { #expect(table.contains(name), "\(table)") }
        #expect(FileManager.default.fileExists(atPath: figures + "/designs-paths-hb2.svg"))

        // A trained user design exports from its record alone (the formula is in the record).
        let export = try CLIRunner.run(["models", "export", "resnet18+hb2", "--record", dir + "/resnet18+hb2__synthetic10__seed1.json", "--out", dir + "/hb2.safetensors"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("resnet18+hb2"))

        // The same name with another formula: refused before anything is trained, naming the design.
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        var redefined = common
        redefined[redefined.firstIndex(of: "hb2=\(Self.hb2)")!] = "hb2=X[i] = relu(X[i-1] + W[i] X[i-1]) + X[i-2]"
        redefined[redefined.firstIndex(of: "0,1")!] = "2"
        let refused = try CLIRunner.run(redefined)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("design `hb2`") && refused.stderr.contains(Self.hb2), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before)
    }

    @Test(arguments: [
        (["--designs", "resnet,nope"], "nope"),
        (["--designs", "s", "--design", "s=X[i] = W[i] X[i-1]"], "built-in"),
        (["--designs", "mine", "--design", "mine=X[i] = X[i-1] + X[i-2]"], "mine"),
        (["--designs", "mine", "--design", "Mine/1=X[i] = W[i] X[i-1]"], "Mine/1"),
        (["--models", "resnet19+s"], "resnet19"),
        (["--designs", "mine", "--design", "mine=X[i] = W[i] X[i-1]", "--design", "mine=X[i] = W[i] X[i-1] + X[i-1]"], "twice"),
    ])
    func badDesignsExit64NamingTheDesignBeforeTraining(arguments: [String], token: String) throws {
        let dir = try RunAllCommandTests.directory()
        var args = ["run-all", "--datasets", "synthetic10", "--seeds", "0", "--results-dir", dir + "/runs"] + Self.tiny + arguments
        if !arguments.contains("--models") { args += ["--models", "resnet18"] }
        let result = try CLIRunner.run(args)
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(token), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/runs"))
    }
}
