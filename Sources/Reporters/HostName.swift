#if canImport(Glibc)
import Glibc
#endif

/// This machine's name as the kernel has it, for reports. Foundation's hostName resolves the
/// name through DNS, which can take seconds where there is no network (a VM guest); the
/// kernel's own name is what a report means anyway.
public enum HostName {
    public static var local: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
