import Foundation
import TestSupport
import Testing
@testable import Experiments

/// A small archive in the official layout (`cifar-10-batches-bin/…`), made with the system tar, and
/// its MD5 from md5sum (an implementation independent of ours).
struct TinyArchive {
    let path: String
    let md5: String
    let workDirectory: URL

    init(_ variant: CIFARVariant, records: Int = 3) throws {
        workDirectory = TinyCIFAR.temporaryDirectory()
        try TinyCIFAR.write(variant, into: workDirectory.appendingPathComponent("src/\(variant.directoryName)"), records: records)
        path = workDirectory.appendingPathComponent(variant.archiveName).path
        md5 = try TinyCIFARFiles.archive(
            workDirectory.appendingPathComponent("src"), variant.directoryName, to: URL(fileURLWithPath: path))
    }


    func remove() { try? FileManager.default.removeItem(at: workDirectory) }
}

@Suite(.timeLimit(.minutes(3))) struct CIFARFetcherTests {
    func contents(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test func fromFileInstallsAndLeavesNoStagingBehind() throws {
        let archive = try TinyArchive(.cifar10)
        defer { archive.remove() }
        let root = TinyCIFAR.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try CIFARFetcher.fetch(.cifar10, root: root.path, source: archive.path, expectedMD5: archive.md5)
        guard case let .installed(directory, files, md5) = outcome else { Issue.record("expected installed, got \(outcome)"); return }
        #expect(directory == root.appendingPathComponent("cifar-10-batches-bin").path)
        #expect(files.count == 6 && files.allSatisfy { $0.records == 3 } && md5 == archive.md5)
        #expect(contents(root) == ["cifar-10-batches-bin"])
        let (train, test) = try CIFARReader.load(.cifar10, root: root.path)
        #expect(train.count == 15 && test.count == 3)
        // A second fetch finds it in place and does nothing.
        let again = try CIFARFetcher.fetch(.cifar10, root: root.path, source: "/nonexistent.tar.gz", expectedMD5: archive.md5)
        guard case .alreadyPresent = again else { Issue.record("expected alreadyPresent, got \(again)"); return }
    }

    @Test func theOfficialChecksumsAreTheDefaults() {
        #expect(CIFARVariant.cifar10.archiveMD5 == "c32a1d4ab5d03f1284b67883e8d87530")
        #expect(CIFARVariant.cifar100.archiveMD5 == "03b5dce01913d631647c71ecec9e9cb8")
        #expect(CIFARVariant.cifar10.archiveURL == "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
    }

    @Test func aWrongChecksumLeavesTheDirectoryEmpty() throws {
        let archive = try TinyArchive(.cifar100)
        defer { archive.remove() }
        let root = TinyCIFAR.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // The default: the published checksum, which the tiny archive does not have.
        let error = #expect(throws: ExperimentsError.self) { try CIFARFetcher.fetch(.cifar100, root: root.path, source: archive.path) }
        #expect(error == .checksumMismatch(source: archive.path, expected: "03b5dce01913d631647c71ecec9e9cb8", actual: archive.md5))
        #expect(contents(root).isEmpty)
    }

    @Test func aTruncatedArchiveThatPassesItsChecksumStillLeavesNothing() throws {
        let archive = try TinyArchive(.cifar10)
        defer { archive.remove() }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: archive.path))
        let cut = archive.workDirectory.appendingPathComponent("cut.tar.gz")
        try bytes.prefix(bytes.count / 2).write(to: cut)
        let cutMD5 = String(try ProcessRunner.check("md5sum", [cut.path]).prefix(32))
        let root = TinyCIFAR.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let error = #expect(throws: ExperimentsError.self) {
            try CIFARFetcher.fetch(.cifar10, root: root.path, source: cut.path, expectedMD5: cutMD5)
        }
        guard case .extractionFailed? = error else { Issue.record("expected extractionFailed, got \(String(describing: error))"); return }
        #expect(contents(root).isEmpty)
    }

    @Test func anArchiveOfTheWrongLayoutIsRefused() throws {
        let archive = try TinyArchive(.cifar100)
        defer { archive.remove() }
        let root = TinyCIFAR.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // A CIFAR-100 archive offered as CIFAR-10: it extracts, but holds the wrong directory.
        let error = #expect(throws: ExperimentsError.self) {
            try CIFARFetcher.fetch(.cifar10, root: root.path, source: archive.path, expectedMD5: archive.md5)
        }
        #expect(error?.description.contains("expected the directory cifar-10-batches-bin") == true)
        #expect(contents(root).isEmpty)
    }

    @Test func anExistingBrokenDirectoryIsKeptUnlessReplaced() throws {
        let archive = try TinyArchive(.cifar10)
        defer { archive.remove() }
        let root = TinyCIFAR.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let broken = root.appendingPathComponent("cifar-10-batches-bin")
        try TinyCIFAR.write(.cifar10, into: broken, records: 1)
        try FileManager.default.removeItem(at: broken.appendingPathComponent("test_batch.bin"))
        let error = #expect(throws: ExperimentsError.self) {
            try CIFARFetcher.fetch(.cifar10, root: root.path, source: archive.path, expectedMD5: archive.md5)
        }
        #expect(error?.description.contains("--force") == true)
        let replaced = try CIFARFetcher.fetch(.cifar10, root: root.path, source: archive.path, expectedMD5: archive.md5, replace: true)
        guard case .installed = replaced else { Issue.record("expected installed, got \(replaced)"); return }
        #expect(try CIFARReader.verify(.cifar10, root: root.path).allSatisfy { $0.records == 3 })
        #expect(contents(root) == ["cifar-10-batches-bin"])
    }

    @Test func aMissingSourceFileIsNamed() {
        let root = TinyCIFAR.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let error = #expect(throws: ExperimentsError.self) { try CIFARFetcher.fetch(.cifar10, root: root.path, source: "/no/such/archive.tar.gz") }
        #expect(error?.description.hasPrefix("/no/such/archive.tar.gz: missing") == true)
        #expect(contents(root).isEmpty)
    }
}
