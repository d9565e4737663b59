// Issue 15 at the training side: which models `run-all --models … --designs …` plans and how they are
// named, what a record and a checkpoint keep of a design, and the results directory's one-formula-per-name
// rule.
import Foundation
import Formulas
import ModelZoo
import RunRecords
import Testing

@testable import Experiments

@Suite struct DesignRunTests {
    static func names(_ models: String, designs: String?, form: SForm = .published, catalog: DesignCatalog = DesignCatalog()) throws -> [String] {
        try RunPlan.parseModels(models, designs: designs, catalog: catalog, form: form).map(\.name)
    }

    @Test func designsCrossTheFamiliesOfModelsAndANetworkHasOneName() throws {
        // --models chooses families (an "s" id counts as its family); resnet is the baseline itself and,
        // under the published s-form, s-published is the published "s" model, so neither gets a second name.
        #expect(try Self.names("resnext29-2x64d-s,resnet18", designs: "resnet,s-published,heavy-ball") == [
            "resnet18", "resnet18s", "resnet18+heavy-ball",
            "resnext29-2x64d", "resnext29-2x64d-s", "resnext29-2x64d+heavy-ball",
        ])
        // Eq. 18 as written is "s" under --s-form formula, a design of its own under the published form.
        #expect(try Self.names("resnet18", designs: "s", form: .formula) == ["resnet18s"])
        #expect(try Self.names("resnet18", designs: "s", form: .published) == ["resnet18+s"])
        // FAMILY+DESIGN ids directly, grouped by family in zoo order, designs in the order named.
        #expect(try Self.names("resnet34+a4-2,resnet18,resnet34+a4-1,resnet34+resnet", designs: nil) == [
            "resnet18", "resnet34", "resnet34+a4-2", "resnet34+a4-1",
        ])
        var catalog = DesignCatalog()
        try catalog.add(name: "hb2", formula: "X[i] = relu(X[i-1] + W[i] X[i-1] + 0.25 * (X[i-1] - X[i-2]))", origin: "test")
        #expect(try Self.names("seresnet18", designs: "hb2,resnet", catalog: catalog) == ["seresnet18", "seresnet18+hb2"])
        for (models, designs, token) in [("resnet18", "nope", "nope"), ("resnet18+nope", nil, "nope"), ("resnet19+s", nil, "resnet19"), ("resnet18", "s,,a4-1", "empty")] {
            do {
                _ = try Self.names(models, designs: designs)
                Issue.record("\(models) / \(designs ?? "-") was accepted")
            } catch let error as ExperimentsError {
                #expect(error.description.contains(token) || (token == "empty" && error.description.contains("without empty items")), "\(error)")
            }
        }
    }

    @Test func aRecordAndACheckpointKeepTheDesignAndRebuildTheSameNetwork() throws {
        let c = TrainingPreset.smoke.configuration(for: DatasetDescriptor.named("synthetic10")!)
        let model = try DesignCatalog().model("res2next29-6c24w+a4-2", form: .published)
        let run = RunKey(model: model, dataset: "synthetic10", seed: 3)
        #expect(run.name == "res2next29-6c24w+a4-2__synthetic10__seed3")
        let record = model.record(
            run, configuration: c, metrics: nil, wallTimeSeconds: 1, status: .failed, failureReason: "test",
            provenance: Provenance(recstatsVersion: "t", gitCommit: nil, host: "h", startedAt: Date(), endedAt: Date()))
        #expect(record.model == "res2next29-6c24w+a4-2" && record.baseline == "res2next29-6c24w" && record.family == "res2next")
        #expect(!record.isSVariant && record.isComparedWithBaseline)
        // The formula is the appendix's A.4.2 (the paper's text, as `recstats formula list` prints it).
        #expect(try BlockFormula.parse(record.design!.formula) == BlockFormula.parse("X[i] = W[i] X[i-1] + W[i-1] X[i-2]"))
        #expect(record.design!.name == "a4-2")
        // A published model records its published design: resnet18s under the published form is A.5's code.
        let published = ZooModel(.resnet18s).recordedDesign(c)
        #expect(published.name == "s-published")

        let decoded = try RunRecord.decode(record.jsonData(), path: "r.json")
        #expect(decoded.design == record.design)
        let rebuilt = try ZooModel.stored(model: decoded.model, design: decoded.design, configuration: c, path: "r.json")
        #expect(rebuilt == model)
        // A record of a FAMILY+DESIGN model without its formula cannot be rebuilt, and says so naming the file.
        do {
            _ = try ZooModel.stored(model: decoded.model, design: nil, configuration: c, path: "r.json")
            Issue.record("a design model was rebuilt without its formula")
        } catch let error as ZooError {
            #expect(error.description.contains("r.json") && error.description.contains("a4-2"))
        }

        let checkpoint = Checkpoint(
            model: model.name, dataset: "synthetic10", seed: 3, configuration: c, epochsDone: 1, history: [], secondsSoFar: 1,
            startedAt: Date(timeIntervalSince1970: 0), tensors: [.init(name: "parameters", values: [1, 2])], design: record.design)
        let back = try Checkpoint.decode(checkpoint.encoded(), path: "c.ckpt")
        #expect(back.design == record.design && back.model == "res2next29-6c24w+a4-2")
    }

    @Test func aResultsDirectoryKeepsOneFormulaPerDesignName() throws {
        let store = RunStore(resultsDirectory: try temporaryDirectory() + "/runs")
        let options = RunOptions(preset: .smoke, overrides: ConfigurationOverrides())
        let synthetic10 = DatasetDescriptor.named("synthetic10")!
        let hb = RecordedDesign(name: "hb2", formula: "X[i] = relu(X[i-1] + W[i] X[i-1] + 0.25 * (X[i-1] - X[i-2]))")
        try store.claim(options, datasets: [synthetic10], designs: [hb], write: true)
        // The same formula again passes; a new name is added beside it.
        let other = RecordedDesign(name: "mine", formula: "X[i] = relu(X[i-1] + W[i] X[i-1]) + X[i-2]")
        try store.claim(options, datasets: [synthetic10], designs: [hb, other], write: true)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let manifest = try decoder.decode(ConfigurationManifest.self, from: Data(contentsOf: URL(fileURLWithPath: store.manifestPath)))
        #expect(manifest.designs == ["hb2": hb.formula, "mine": other.formula])
        // Another formula under hb2 is refused, naming the design and both formulas, and nothing changes.
        let changed = RecordedDesign(name: "hb2", formula: "X[i] = relu(X[i-1] + W[i] X[i-1]) + X[i-2]")
        do {
            try store.claim(options, datasets: [synthetic10], designs: [changed], write: true)
            Issue.record("a second formula under one name was accepted")
        } catch let error as ExperimentsError {
            guard case .designConflict(let path, let design, let theirs, let asked) = error else {
                Issue.record("expected designConflict, got \(error)")
                return
            }
            #expect(path == store.manifestPath && design == "hb2" && theirs == hb.formula && asked == changed.formula)
            #expect(error.description.contains("Nothing was trained"))
        }
        let after = try decoder.decode(ConfigurationManifest.self, from: Data(contentsOf: URL(fileURLWithPath: store.manifestPath)))
        #expect(after == manifest)
    }
}
