//===- bodysan_symbolizer.h - pcs to function, file, line, column ---------===//
//
// Symbolizes through llvm-symbolizer (a child process talking over a socket
// pair, started for one report and ended with it, so the program never sees a
// lingering child), falling back to dladdr. Called only under the report lock
// and never while a registry lock is held.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_SYMBOLIZER_H
#define BODYSAN_SYMBOLIZER_H

#include "bodysan_internal.h"
#include "bodysan_stack.h"

namespace __bodysan {

struct SymbolizedFrame {
  uptr Pc;
  const char *Function; // NULL when unknown (owned by the symbolizer cache)
  const char *File;     // NULL when unknown
  u32 Line, Column;
  const char *Module;   // NULL when unknown (not owned: module path cache)
  uptr ModuleOffset;
};

struct SymbolizedStack {
  Vector<SymbolizedFrame> Frames;
  void reset();
};

// Symbolizes every pc of T (inlined frames become extra frames).
void SymbolizeStack(StackTrace T, SymbolizedStack *Out);
// Ends the current symbolizer process, if any (end of a report).
void SymbolizerEndSession();
// The llvm-symbolizer that will be used, or NULL.
const char *SymbolizerPath();
// In the child after fork.
void SymbolizerAfterForkChild();

} // namespace __bodysan

#endif // BODYSAN_SYMBOLIZER_H
