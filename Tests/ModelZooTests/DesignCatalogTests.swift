// FAMILY+DESIGN ids and user designs: resolved, counted, and refused with the design named.
import Foundation
import Formulas
import Testing
@testable import ModelZoo

@Suite struct DesignCatalogTests {
    @Test func resolvesPublishedAndDesignedIds() throws {
        var catalog = DesignCatalog()
        try catalog.add(name: "hb2", formula: "X[i] = relu(X[i-1] + W[i] X[i-1] + 0.25 * (X[i-1] - X[i-2]))", origin: "--design")
        let published = try catalog.resolve("resnet18s", form: .formula)
        #expect(published.id == .resnet18s && published.design.name == "s")
        let named = try catalog.resolve("resnext29-2x64d+a4-2", form: .published)
        #expect(named.id == .resnext29_2x64d && named.design == .named(.a42))
        let user = try catalog.resolve("resnet34+hb2", form: .published)
        #expect(user.id == .resnet34 && user.design.name == "hb2")
        let plan = try NetworkPlan(user.id, design: user.design)
        #expect(plan.modelName == "resnet34+hb2")
        #expect(try NetworkPlan(.resnet34s).modelName == "resnet34s")
        // 24 published + 12 families × 1 design.
        #expect(try ModelListing.rows(options: ZooOptions(width: 1.0 / 16), designs: catalog.userDesigns).count == 36)
    }

    @Test func refusals() throws {
        var catalog = DesignCatalog()
        func reason(_ body: () throws -> Void) -> String {
            do { try body() } catch let e as ZooError { return e.description } catch { return "\(error)" }
            return "accepted"
        }
        #expect(reason { try catalog.add(name: "heavy-ball", formula: "X[i] = W[i] X[i-1]", origin: "--design") }.hasPrefix("design `heavy-ball` (--design): the name is a built-in design"))
        #expect(reason { try catalog.add(name: "a/b", formula: "X[i] = W[i] X[i-1]", origin: "--design") }.hasPrefix("design `a/b` (--design): a design name is"))
        #expect(reason { try catalog.add(name: "nob", formula: "X[i] = X[i-1]", origin: "--design") }.contains("never applies W[i]"))
        try catalog.add(name: "mine", formula: "X[i] = W[i] X[i-1] + X[i-1]", origin: "--design")
        #expect(reason { try catalog.add(name: "mine", formula: "X[i] = W[i] X[i-1]", origin: "f.txt:2") } == "design `mine` (f.txt:2): the name is defined twice")
        #expect(reason { _ = try catalog.resolve("resnet19+mine", form: .published) }.contains("unknown family `resnet19`"))
        #expect(reason { _ = try catalog.resolve("resnet18s+mine", form: .published) }.contains("unknown family `resnet18s`"))
        #expect(reason { _ = try catalog.resolve("resnet18+yours", form: .published) }.hasPrefix("design `yours` (resnet18+yours): no such design"))
    }

    @Test func designsFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("designs-\(UInt32.random(in: 0...UInt32.max)).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try "# mine\nhb3 = X[i] = relu(X[i-1] + W[i] X[i-1]) + 0.5 * X[i-2]\n\nskip2 = X[i] = W[i] X[i-1] + X[i-2]\n".write(to: url, atomically: true, encoding: .utf8)
        var catalog = DesignCatalog()
        try catalog.addFile(url.path)
        #expect(catalog.userDesigns.map(\.name) == ["hb3", "skip2"])
        try "oops X[i] = W[i] X[i-1]\n".write(to: url, atomically: true, encoding: .utf8)
        var other = DesignCatalog()
        #expect(throws: ZooError.self) { try other.addFile(url.path) }
    }
}
