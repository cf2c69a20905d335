// How the model's values print in Google Test failure messages (found by argument-dependent
// lookup): "LoggedIn/OnePage/Available/Connected/next:None" rather than raw bytes.
#pragma once

#include <ostream>

#include "agentsim/model/agent_machine.h"
#include "agentsim/model/agent_view.h"
#include "agentsim/model/event.h"

namespace agentsim::model {

inline void PrintTo(const AgentView& v, std::ostream* os) { *os << to_string(v); }
inline void PrintTo(const Event& e, std::ostream* os) { *os << to_string(e); }
inline void PrintTo(DispatchResult r, std::ostream* os) { *os << to_string(r); }
inline void PrintTo(DispatchMode m, std::ostream* os) { *os << to_string(m); }
inline void PrintTo(Status s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(Contact c, std::ostream* os) { *os << to_string(c); }
inline void PrintTo(NextStatus n, std::ostream* os) { *os << to_string(n); }
inline void PrintTo(Page p, std::ostream* os) { *os << to_string(p); }
inline void PrintTo(Session s, std::ostream* os) { *os << to_string(s); }

}  // namespace agentsim::model
