// `recstats data fetch`: download (or take) the official CIFAR archive, check its published MD5, extract
// it and move the result into place, so that a failure at any step leaves the data directory as it was.
// Steps: staging directory `<dir>/.fetch-<variant>-…` → download to `<archive>.part` there → MD5 →
// `tar -xzf` into the staging directory → verify every file → rename into `<dir>/<directoryName>`.
// Downloads use Foundation's URLSession (FoundationNetworking on Linux, backed by libcurl, HTTPS included).
// Extraction runs the system `tar` (GNU tar on Debian, bsdtar on macOS; both read gzip with -z and refuse
// absolute and `..` member names by default): a gzip+ustar reader of our own would be code to test and
// maintain for no gain, and tar is on every machine that can build this package.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

public enum CIFARFetcher {
    public enum Outcome: Equatable, Sendable {
        /// The directory was already there and verified; nothing was downloaded.
        case alreadyPresent(directory: String, files: [CIFARFileSummary])
        /// The archive was fetched, verified and extracted into `directory`.
        case installed(directory: String, files: [CIFARFileSummary], md5: String)
    }

    /// Fetches `variant` into `root`. `source` is nil (the official URL), an http(s) URL, a file URL or a
    /// path to an archive the user already has. `expectedMD5` defaults to the published checksum (tests
    /// pass the checksum of the small archive they build). With `replace`, an existing directory is
    /// replaced even if it verifies.
    public static func fetch(
        _ variant: CIFARVariant, root: String, source: String? = nil, expectedMD5: String? = nil, replace: Bool = false
    ) throws -> Outcome {
        let fm = FileManager.default
        let rootURL = URL(fileURLWithPath: root)
        let target = rootURL.appendingPathComponent(variant.directoryName)
        if fm.fileExists(atPath: target.path) && !replace {
            do {
                return .alreadyPresent(directory: target.path, files: try CIFARReader.verify(variant, root: root))
            } catch let error as ExperimentsError {
                throw ExperimentsError.existingDataInvalid(path: target.path, problem: error.description)
            }
        }
        try createDirectory(rootURL)
        let staging = rootURL.appendingPathComponent(
            ".fetch-\(variant.rawValue)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try createDirectory(staging)
        defer { try? fm.removeItem(at: staging) }

        // 1. The archive: downloaded to a temporary name inside the staging directory, or the user's file.
        let source = source ?? variant.archiveURL
        let archive: String
        if let url = URL(string: source), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" {
            archive = staging.appendingPathComponent(variant.archiveName + ".part").path
            try download(url, to: archive)
        } else {
            let path = source.hasPrefix("file://") ? URL(string: source)!.path : source
            guard fm.fileExists(atPath: path) else {
                throw ExperimentsError.missingFile(
                    path: path, expected: "the archive \(variant.archiveName)", hint: "download it from \(variant.archiveURL)")
            }
            archive = path
        }

        // 2. The checksum.
        let expected = (expectedMD5 ?? variant.archiveMD5).lowercased()
        let actual = try MD5.hex(ofFile: archive)
        guard actual == expected else {
            throw ExperimentsError.checksumMismatch(source: source, expected: expected, actual: actual)
        }

        // 3. Extraction into the staging directory, then a check of everything the readers need.
        let extractDir = staging.appendingPathComponent("extract")
        try createDirectory(extractDir)
        try extract(archive: archive, into: extractDir.path, displayName: source)
        let extracted = extractDir.appendingPathComponent(variant.directoryName)
        guard fm.fileExists(atPath: extracted.path) else {
            let found = (try? fm.contentsOfDirectory(atPath: extractDir.path))?.sorted().joined(separator: ", ") ?? ""
            throw ExperimentsError.extractionFailed(
                archive: source, reason: "expected the directory \(variant.directoryName), found [\(found)]")
        }
        let files: [CIFARFileSummary]
        do {
            files = try CIFARReader.verify(variant, root: extractDir.path)
        } catch let error as ExperimentsError {
            throw ExperimentsError.extractionFailed(archive: source, reason: "the extracted files do not verify: \(error.description)")
        }

        // 4. Into place: an old directory (only with `replace`) moves aside first, then the new one is renamed in.
        if fm.fileExists(atPath: target.path) {
            try rename(target, to: staging.appendingPathComponent("previous"))
        }
        try rename(extracted, to: target)
        return .installed(directory: target.path, files: files, md5: actual)
    }

    // MARK: - Steps

    /// Downloads `url` to `path`: the body must arrive whole (HTTP 200, length as announced).
    static func download(_ url: URL, to path: String) throws {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let done = DispatchSemaphore(value: 0)
        // Written by the completion handler before `done` is signalled, read after the wait.
        final class Result: @unchecked Sendable {
            var error: ExperimentsError?
            var expectedLength: Int64 = -1
        }
        let result = Result()
        let task = session.downloadTask(with: url) { location, response, error in
            defer { done.signal() }
            if let error {
                result.error = .downloadFailed(url: url.absoluteString, reason: (error as NSError).localizedDescription)
                return
            }
            guard let http = response as? HTTPURLResponse, let location else {
                result.error = .downloadFailed(url: url.absoluteString, reason: "no HTTP response")
                return
            }
            guard http.statusCode == 200 else {
                // The error page was downloaded to a temporary file that Foundation on Linux leaves behind.
                try? FileManager.default.removeItem(at: location)
                result.error = .downloadFailed(url: url.absoluteString, reason: "HTTP status \(http.statusCode)")
                return
            }
            result.expectedLength = http.expectedContentLength
            // Move the temporary file into place before the handler returns (it may be deleted after).
            do {
                try FileManager.default.moveItem(at: location, to: URL(fileURLWithPath: path))
            } catch {
                result.error = .fileSystem(path: path, operation: "move the download into place", reason: (error as NSError).localizedDescription)
            }
        }
        task.resume()
        done.wait()
        if let error = result.error { throw error }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? -1
        if result.expectedLength >= 0 && size != result.expectedLength {
            throw ExperimentsError.downloadFailed(
                url: url.absoluteString, reason: "received \(size) of \(result.expectedLength) bytes")
        }
    }

    /// Runs `tar -xzf archive -C directory` (owners and permissions not taken from the archive).
    static func extract(archive: String, into directory: String, displayName: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "-xzf", archive, "-C", directory, "--no-same-owner", "--no-same-permissions"]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ExperimentsError.extractionFailed(archive: displayName, reason: "cannot run tar: \((error as NSError).localizedDescription)")
        }
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let firstLines = message.split(separator: "\n").prefix(3).joined(separator: "; ")
            throw ExperimentsError.extractionFailed(
                archive: displayName, reason: "tar exited with status \(process.terminationStatus): \(firstLines)")
        }
    }

    private static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ExperimentsError.fileSystem(path: url.path, operation: "create the directory", reason: (error as NSError).localizedDescription)
        }
    }

    private static func rename(_ from: URL, to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            throw ExperimentsError.fileSystem(path: from.path, operation: "rename to \(to.path)", reason: String(cString: strerror(errno)))
        }
    }
}
