import Glibc
import SystemTypes
import Testing

/// Errno names come from the C library: the language, the profiles and the kernel client read
/// the same ones.
struct ErrnoTests {
    @Test(arguments: [(EPERM, "EPERM"), (ENOENT, "ENOENT"), (EBUSY, "EBUSY"), (ENOTUNIQ, "ENOTUNIQ"), (EBADSLT, "EBADSLT")])
    func aNameAndItsNumberAreOne(number: Int32, name: String) {
        #expect(Errno(rawValue: number).name == name)
        #expect(Errno(named: name) == Errno(rawValue: number))
        #expect("\(Errno(rawValue: number))" == name)
    }

    @Test func anUnknownNameIsNoErrno() {
        #expect(Errno(named: "EBUSYY") == nil)
        #expect(Errno(named: "busy") == nil)
        #expect(Errno(rawValue: 4000).name == "errno 4000")
        #expect(Errno.allNames.contains("EXDEV") && !Errno.allNames.contains("EBUSYY"))
    }

    @Test func aWordLooksLikeAnErrnoNameByItsShapeAlone() {
        #expect(Errno.looksLikeName("EBUSYY"))
        #expect(!Errno.looksLikeName("E"))
        #expect(!Errno.looksLikeName("Ebusy"))
        #expect(!Errno.looksLikeName("success"))
    }

    @Test func aFailedCallLeavesItsErrno() {
        #expect(Result<Void, Errno>.checking(Glibc.close(-1)).errno == .badFileDescriptor)
        #expect(Result<Void, Errno>.checking(0).errno == nil)
    }
}
