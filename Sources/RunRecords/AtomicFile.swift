// Atomic writes: the bytes go to a hidden temporary file in the same directory, are flushed to disk,
// then renamed over the target (rename(2) is atomic within a file system). A crash leaves either the
// old file or the new one, never half of one; readers skip the hidden temporary.
import Foundation

public enum AtomicFile {
    /// Writes `data` to `path` atomically, creating missing parent directories.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw RecordsError.writeFailed(path: path, reason: (error as NSError).localizedDescription)
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw RecordsError.writeFailed(path: path, reason: "cannot create \(temporary.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw RecordsError.writeFailed(path: path, reason: (error as NSError).localizedDescription)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw RecordsError.writeFailed(path: path, reason: reason)
        }
    }

    /// Writes a run record as JSON into `directory`, atomically, under its `fileName`; returns the path.
    @discardableResult
    public static func write(_ record: RunRecord, into directory: String) throws -> String {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(record.fileName).path
        try write(record.jsonData(), to: path)
        return path
    }
}
