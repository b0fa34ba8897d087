import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files the user names on the command line or in a prompt: read with a size limit, written
/// only where asked. Every such file goes through here (scene files and their data files,
/// `--csv`, `--set boundary.csv=`, `record -o`, a saved session).
///
/// Reading opens without blocking and accepts only a regular file, so a FIFO or a device
/// (`/dev/zero`) never hangs or floods the program. Writing creates a new file exclusively;
/// replacing (`--force`, "overwrite? y") replaces only a regular file, atomically (a temporary
/// file beside it, then `rename`), and refuses a folder, a device, a FIFO, a socket or a
/// symbolic link, which it leaves untouched.
public enum UserFile {
    /// A refusal, phrased to follow the file's name: "PATH: is a folder, not a file".
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// What `lstat` found at a path, in words, when it is not a regular file.
    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// "12.6 MB (12582912 bytes)".
    static func size(_ bytes: Int) -> String {
        let megabytes = Double(bytes) / 1_000_000
        let shown = megabytes >= 10 ? String(format: "%.0f", megabytes) : String(format: "%.1f", megabytes)
        return "\(shown) MB (\(bytes) bytes)"
    }

    // MARK: Reading

    /// The bytes of the regular file at `path`, at most `limit` of them; `what` names the kind
    /// of file in the message for a larger one ("scene files are limited to 1 MB").
    public static func read(_ path: String, limit: Int, what: String) -> Result<Data, Problem> {
        func problem(_ reason: String) -> Result<Data, Problem> { .failure(Problem(path: path, reason: reason)) }
        guard !path.isEmpty else { return problem("no file named (an empty path)") }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            return problem(errno == ENOENT ? "does not exist" : "cannot be opened: " + String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return problem("cannot read: " + String(cString: strerror(errno))) }
        if let kind = kind(info.st_mode) { return problem("is \(kind), not a regular file") }
        let limitText = limit >= 1_000_000 ? "\(limit / 1_000_000) MB" : "\(limit) bytes"
        let tooLarge = { (bytes: Int) in problem("is \(size(bytes)); \(what) are limited to \(limitText)") }
        if Int(info.st_size) > limit { return tooLarge(Int(info.st_size)) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return problem("cannot read: " + String(cString: strerror(errno))) }
            if count == 0 { return .success(data) }
            data.append(contentsOf: buffer[0..<count])
            if data.count > limit { return tooLarge(data.count) }  // it grew while being read
        }
    }

    /// The file as UTF-8 text, as `read` with a message for text that is not UTF-8.
    public static func readText(_ path: String, limit: Int, what: String) -> Result<String, Problem> {
        read(path, limit: limit, what: what).flatMap { data in
            String(data: data, encoding: .utf8).map { .success($0) } ?? .failure(Problem(path: path, reason: "is not UTF-8 text"))
        }
    }

    // MARK: Writing

    /// Writes `text` to `path`. A new file is created exclusively (a file appearing meanwhile is
    /// kept). With `replacing`, an existing regular file is replaced atomically (keeping its
    /// permission bits); anything else at the path is refused and left as it is.
    public static func write(_ text: String, to path: String, replacing: Bool) throws(Problem) {
        func problem(_ reason: String) -> Problem { Problem(path: path, reason: reason) }
        guard !path.isEmpty else { throw problem("no file named (an empty path)") }
        let data = Data(text.utf8)
        var info = stat()
        if lstat(path, &info) == 0 {
            guard replacing else { throw problem("exists (not overwritten)") }
            if let kind = kind(info.st_mode) {
                throw problem("is \(kind); only a regular file is replaced, so it is left untouched")
            }
            try replace(path, with: data, mode: info.st_mode & 0o7777)
            return
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw problem(errno == EEXIST ? "exists (not overwritten)" : "cannot create: " + String(cString: strerror(errno)))
        }
        if let failure = writeAll(data, to: descriptor) {
            close(descriptor)
            unlink(path)  // no half-written file is left where the user asked for a whole one
            throw problem("cannot write: \(failure)")
        }
        guard close(descriptor) == 0 else {
            let failure = String(cString: strerror(errno))
            unlink(path)
            throw problem("cannot write: \(failure)")
        }
    }

    /// Replaces the regular file at `path`: a temporary file in the same folder (created
    /// exclusively, so never an existing file), written in full, then renamed over `path`.
    static func replace(_ path: String, with data: Data, mode: mode_t) throws(Problem) {
        func problem(_ reason: String) -> Problem { Problem(path: path, reason: reason) }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder + "/." + url.lastPathComponent + ".gradscope-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw problem("cannot create a temporary file beside it: " + String(cString: strerror(errno)))
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure = writeAll(data, to: descriptor)
        if failure == nil, fchmod(descriptor, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        // Still a regular file? (It could have been swapped for something else meanwhile.)
        var info = stat()
        if failure == nil, lstat(path, &info) == 0, let kind = kind(info.st_mode) {
            unlink(temporary)
            throw problem("became \(kind) while being written; left untouched")
        }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw problem("cannot write: \(failure) (the file is unchanged)")
        }
    }

    /// Writes every byte, retrying short writes; the system's reason on failure.
    static func writeAll(_ data: Data, to descriptor: Int32) -> String? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return written < 0 ? String(cString: strerror(errno)) : "nothing was written" }
                offset += written
            }
            return nil
        }
    }
}
