// One lock per run, so two processes (two --jobs workers, two shards pointed at one directory, a user
// starting the same command twice) never train or write the same run. flock(2) locks belong to the open
// file and the kernel drops them when the holder dies, even by SIGKILL: no stale lock survives a crash,
// so no age or pid heuristics are needed (on NFS, Linux maps flock onto fcntl byte-range locks).
// The holder writes "pid host" into the file for the message another process prints.
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

public final class RunLock {
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Takes the lock at `path` without waiting. Returns nil when another open file holds it, with
    /// `holder` set to what that process wrote ("pid 1234 on host"), if anything.
    public static func tryAcquire(path: String, holder: inout String?) throws -> RunLock? {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ExperimentsError.lockFailed(path: path, reason: (error as NSError).localizedDescription)
        }
        // Retry while another process unlinks the file between our open and our flock (see release()).
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw ExperimentsError.lockFailed(path: path, reason: String(cString: strerror(errno))) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                if code == EWOULDBLOCK {
                    holder = readHolder(fd)
                    close(fd)
                    return nil
                }
                close(fd)
                throw ExperimentsError.lockFailed(path: path, reason: String(cString: strerror(code)))
            }
            // We hold a lock on the inode we opened; it counts only if that inode is still at `path`.
            var opened = stat()
            var current = stat()
            if fstat(fd, &opened) == 0, stat(path, &current) == 0, opened.st_ino == current.st_ino,
                opened.st_dev == current.st_dev
            {
                let text = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName)\n"
                _ = ftruncate(fd, 0)
                _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
                return RunLock(path: path, descriptor: fd)
            }
            close(fd)
        }
        throw ExperimentsError.lockFailed(path: path, reason: "the lock file keeps being replaced")
    }

    /// Takes the lock at `path`, waiting up to `timeout` seconds for another holder to release it.
    public static func acquire(path: String, timeout: TimeInterval) throws -> RunLock {
        let deadline = Date().addingTimeInterval(timeout)
        var holder: String?
        while true {
            if let lock = try tryAcquire(path: path, holder: &holder) { return lock }
            guard Date() < deadline else {
                throw ExperimentsError.lockFailed(
                    path: path, reason: "held by \(holder ?? "another process") for more than \(Int(timeout)) s")
            }
            usleep(20_000)
        }
    }

    /// Unlinks the lock file while still holding it, then closes it: a process waiting on the old inode
    /// then sees it is gone and retries on a fresh file.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 255, 0) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
