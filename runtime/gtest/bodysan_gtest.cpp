//===- bodysan_gtest.cpp - BodySanitizer's GoogleTest listener ------------===//
//
// The listener of <bodysan/gtest.h>: a checked section per test, checked in
// OnTestEnd, where GoogleTest still records failures in the test's result
// (TestInfo::Run calls OnTestEnd before it resets the current test) and before
// the result printer prints the verdict.
//
// The runtime's functions are referenced weakly: a test binary built without
// BodySanitizer links this library and the listener does nothing.
//
//===----------------------------------------------------------------------===//
#include <bodysan/gtest.h>

#include <cstring>
#include <string>
#include <vector>

extern "C" {
__attribute__((weak)) uintptr_t __bodysan_checkpoint(void);
__attribute__((weak)) int __bodysan_check_section(uintptr_t token,
                                                  const char *name,
                                                  char *report,
                                                  size_t report_size,
                                                  const char **acquire_file,
                                                  unsigned *acquire_line);
}

namespace __bodysan {
namespace gtest {

// Room for the report in the failure message; a longer report is cut (it is
// printed whole by the runtime).
static constexpr size_t kReportSize = 64 * 1024;

// The listener InstallListener added (GoogleTest owns it).
static Listener *Installed;

static std::string CurrentTestName() {
  const ::testing::TestInfo *Info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  if (!Info)
    return std::string();
  return std::string(Info->test_suite_name()) + "." + Info->name();
}

// The report for a failure message: without its ERROR and SUMMARY lines (the
// message says as much), so the message is the sentence and the stack.
static std::string ReportForMessage(const char *Report) {
  std::string Out;
  for (const char *Line = Report; *Line;) {
    const char *End = std::strchr(Line, '\n');
    size_t Len = End ? (size_t)(End - Line) + 1 : std::strlen(Line);
    std::string L(Line, Len);
    bool Header = L.rfind("==", 0) == 0 &&
                  L.find("==ERROR: BodySanitizer:") != std::string::npos;
    if (!Header && L.rfind("SUMMARY: BodySanitizer:", 0) != 0)
      Out += L;
    Line += Len;
  }
  // One newline at the end, as GoogleTest's own messages have.
  while (Out.size() > 1 && Out[Out.size() - 1] == '\n' &&
         Out[Out.size() - 2] == '\n')
    Out.pop_back();
  return Out;
}

int ExpectNoOpenHandlesSince(uintptr_t Token, const char *Section) {
  if (!__bodysan_check_section || !Token)
    return -1;
  std::string Name = Section ? std::string(Section) : CurrentTestName();
  std::vector<char> Report(kReportSize);
  const char *File = nullptr;
  unsigned Line = 0;
  int N = __bodysan_check_section(Token, Name.empty() ? nullptr : Name.c_str(),
                                  Report.data(), Report.size(), &File, &Line);
  if (N <= 0)
    return N;
  if (!File) {
    // No source location for the acquisition: point at the test.
    const ::testing::TestInfo *Info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    File = Info && Info->file() ? Info->file() : "unknown file";
    Line = Info ? (unsigned)Info->line() : 0;
  }
  ADD_FAILURE_AT(File, (int)Line)
      << "BodySanitizer: " << N << (N == 1 ? " handle" : " handles")
      << " acquired during " << (Name.empty() ? "the checked section" : Name)
      << (N == 1 ? " is" : " are") << " still open at its end:\n"
      << ReportForMessage(Report.data());
  return N;
}

void Listener::OnEnvironmentsSetUpEnd(const ::testing::UnitTest &) {
  // GoogleTest calls OnTestEnd in reverse order of registration, so the
  // listener must come after every printer to fail a test before its verdict
  // is printed; --gtest_brief and custom mains add printers after static
  // initialization. This event is also delivered in reverse order, by index:
  // moving this listener (the current one) to the end leaves the listeners
  // before it, still to be called, where they are, and those after it were
  // called already.
  ::testing::TestEventListeners &L =
      ::testing::UnitTest::GetInstance()->listeners();
  if (L.Release(this))
    L.Append(this);
}

void Listener::OnTestStart(const ::testing::TestInfo &) {
  Token = __bodysan_checkpoint ? __bodysan_checkpoint() : 0;
}

void Listener::OnTestEnd(const ::testing::TestInfo &Info) {
  if (!Token)
    return;
  uintptr_t T = Token;
  Token = 0;
  std::string Name = std::string(Info.test_suite_name()) + "." + Info.name();
  ExpectNoOpenHandlesSince(T, Name.c_str());
}

::testing::TestEventListener *InstallListener() {
  if (!Installed) {
    Installed = new Listener;
    ::testing::UnitTest::GetInstance()->listeners().Append(Installed);
  }
  return Installed;
}

void UninstallListener() {
  if (!Installed)
    return;
  delete ::testing::UnitTest::GetInstance()->listeners().Release(Installed);
  Installed = nullptr;
}

ScopedCheck::ScopedCheck(const char *Section)
    : Section(Section),
      Token(__bodysan_checkpoint ? __bodysan_checkpoint() : 0) {}

ScopedCheck::~ScopedCheck() {
  if (Token)
    ExpectNoOpenHandlesSince(Token, Section);
}

} // namespace gtest
} // namespace __bodysan
