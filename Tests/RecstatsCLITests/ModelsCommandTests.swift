// End-to-end: `recstats models` and `recstats models describe` on the built binary.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5))) struct ModelsCommandTests {
    @Test func jsonListsAll24WithStableKeys() throws {
        let result = try CLIRunner.run(["models", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 24)
        for row in rows {
            for key in ["id", "display_name", "parameters", "macs_per_image", "family", "baseline", "is_s"] {
                #expect(row[key] != nil, "row \(row["id"] ?? "?") lacks \(key)")
            }
        }
        // ZOO-SPEC "Costs": ResNet18s has 11,393,956 parameters and 561,760,256 MACs per image.
        let r18s = try #require(rows.first { $0["id"] as? String == "resnet18s" })
        #expect(r18s["parameters"] as? Int == 11_393_956)
        #expect(r18s["macs_per_image"] as? Int == 561_760_256)
        #expect(r18s["baseline"] as? String == "resnet18")
        #expect(r18s["display_name"] as? String == "ResNet18s")
    }

    @Test func csvAndOtherFormats() throws {
        let csv = try CLIRunner.run(["models", "--format", "csv", "--classes", "10"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 25)
        #expect(lines.first == "id,display_name,family,baseline,is_s,parameters,macs_per_image")
        // 10 classes: 11,220,132 − 90·513 parameters and 555,468,800 − 90·512 MACs (90 fewer head rows).
        #expect(lines.contains("resnet18,ResNet18,resnet,,false,11173962,555422720"))
        for format in ["text", "markdown", "latex"] {
            let r = try CLIRunner.run(["models", "--format", format])
            #expect(r.status == 0 && r.stdout.contains("Res2NeXt4s"), "\(format)")
        }
        // One LaTeX row per model through the table layer: 555,468,800 MACs × 128 = 7.1e10 FLOPs (Table 8's 7.1e10).
        #expect(try CLIRunner.run(["models", "--format", "latex"]).stdout.contains("resnet18 & ResNet18 & 11,220,132 & 11.22 & 555,468,800 & 7.1e10 \\\\"))
    }

    @Test func describePrintsLayersAndTotal() throws {
        let r = try CLIRunner.run(["models", "describe", "resnet18"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("total: 11,220,132 parameters, 555,468,800 MACs per image"))
        #expect(r.stdout.contains("linear 512→100 +bias"))
        let tiny = try CLIRunner.run(["models", "describe", "resnext29-4x64d-s", "--width", "1/8"])
        #expect(tiny.status == 0)
        #expect(tiny.stdout.contains("groups 4"))
        #expect(tiny.stdout.contains("shortcut2"))
    }

    @Test func badArgumentsExit64() throws {
        let unknown = try CLIRunner.run(["models", "describe", "resnet19"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("resnet19"))
        #expect(try CLIRunner.run(["models", "--width", "zero"]).status == 64)
        #expect(try CLIRunner.run(["models", "--width", "-1"]).status == 64)
        #expect(try CLIRunner.run(["models", "--classes", "0"]).status == 64)
        #expect(try CLIRunner.run(["models", "--format", "yaml"]).status == 64)
    }

    @Test func designedModelsAreListedAndBadDesignsRefused() throws {
        let hb = try CLIRunner.run(["models", "describe", "resnet18+heavy-ball", "--width", "1/16"])
        #expect(hb.status == 0, "\(hb.stderr)")
        #expect(hb.stdout.contains("shortcut2 (on X[i-2])"))
        let listed = try CLIRunner.run(["models", "--width", "1/16", "--format", "csv", "--design", "hb2=X[i] = relu(X[i-1] + W[i] X[i-1]) + 0.5 * X[i-2]"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("res2next29-8c25w+hb2"))
        for (design, says) in [
            ("s=X[i] = W[i] X[i-1]", "design `s` (--design): the name is a built-in design"),
            ("a:b=X[i] = W[i] X[i-1]", "design `a:b` (--design): a design name is"),
            ("nob=X[i] = X[i-1] + X[i-2]", "design `nob` (--design): it cannot be built"),
        ] {
            let r = try CLIRunner.run(["models", "--design", design])
            #expect(r.status == 64 && r.stderr.contains(says), "\(design): \(r.stderr)")
        }
        let family = try CLIRunner.run(["models", "describe", "resnet19+heavy-ball"])
        #expect(family.status == 64 && family.stderr.contains("unknown family `resnet19`"))
    }
}
