// The component registry (component.h): the built-in components of components/builtin.def, then
// whatever a team registers; and the one parser and printer of component parameters.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "agentsim/sim/component.h"
#include "agentsim/sim/input_text.h"
#include "component_storage.h"

namespace agentsim::sim {

// ---- where components live (component.h, component_storage.h) ------------------------------
// Each component is preceded by a header of one max_align_t that says where it is, so that its
// operator delete knows whether there is anything to free.

namespace {
constexpr std::size_t kHeader = alignof(std::max_align_t);
enum class Place : unsigned char { Heap = 1, Storage = 2 };
thread_local detail::ComponentStorage* open_storage = nullptr;
}  // namespace

detail::ComponentStorage::ComponentStorage() : outer_(open_storage), open_(true) { open_storage = this; }

void detail::ComponentStorage::close() {
  if (!open_) return;
  open_ = false;
  if (open_storage == this) open_storage = outer_;
}

void* detail::ComponentStorage::take(std::size_t bytes) {
  ComponentStorage* s = open_storage;
  if (s == nullptr) return nullptr;
  const std::size_t rounded = (bytes + kHeader - 1) / kHeader * kHeader;
  if (rounded > kBytes - s->used_) return nullptr;
  void* p = s->bytes_ + s->used_;
  s->used_ += rounded;
  return p;
}

void* Component::operator new(std::size_t bytes) {
  void* block = detail::ComponentStorage::take(kHeader + bytes);
  Place place = Place::Storage;
  if (block == nullptr) {
    block = ::operator new(kHeader + bytes);
    place = Place::Heap;
  }
  *static_cast<Place*>(block) = place;
  return static_cast<std::byte*>(block) + kHeader;
}

// The global delete it calls is the unsized one: clang declares the sized one only with
// -fsized-deallocation.
void Component::operator delete(void* p, std::size_t /*bytes*/) noexcept {
  if (p == nullptr) return;
  void* block = static_cast<std::byte*>(p) - kHeader;
  if (*static_cast<Place*>(block) == Place::Heap) ::operator delete(block);
}

#define AGENTSIM_COMPONENT(d) extern const ComponentDescriptor d;
#include "components/builtin.def"
#undef AGENTSIM_COMPONENT

namespace {

std::vector<const ComponentDescriptor*>& registry() {
  static std::vector<const ComponentDescriptor*> all = {
#define AGENTSIM_COMPONENT(d) &d,
#include "components/builtin.def"
#undef AGENTSIM_COMPONENT
  };
  return all;
}

// Registered descriptors are copied here and never move (the registry holds pointers).
std::vector<std::unique_ptr<ComponentDescriptor>>& owned() {
  static std::vector<std::unique_ptr<ComponentDescriptor>> v;
  return v;
}

std::vector<std::string_view> choices_of(std::string_view unit) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= unit.size()) {
    const std::size_t bar = unit.find('|', start);
    const std::size_t end = bar == std::string_view::npos ? unit.size() : bar;
    out.push_back(unit.substr(start, end - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

std::string format_number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::string s = fmt::format("{}", v);
  return s;
}

std::string join(const std::vector<std::string_view>& v, std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += i + 1 == v.size() ? last_sep : std::string_view(", ");
    out += v[i];
  }
  return out;
}

}  // namespace

std::string_view to_string(PageEvent e) {
  switch (e) {
    case PageEvent::BeforeUnload: return "beforeunload";
    case PageEvent::PageHide: return "pagehide";
    case PageEvent::VisibilityHidden: return "visibility_hidden";
    case PageEvent::Freeze: return "freeze";
    case PageEvent::PageLoad: return "page_load";
  }
  return "?";
}

std::optional<PageEvent> parse_page_event(std::string_view name) {
  for (int i = 0; i < kPageEventCount; ++i) {
    const auto e = static_cast<PageEvent>(i);
    if (to_string(e) == name) return e;
  }
  return std::nullopt;
}

std::string_view to_string(Transport t) {
  switch (t) {
    case Transport::StreamsWorker: return "streams_worker";
    case Transport::Fetch: return "fetch";
    case Transport::Keepalive: return "keepalive";
    case Transport::Beacon: return "beacon";
    case Transport::FetchLater: return "fetch_later";
  }
  return "?";
}

std::optional<Transport> parse_transport(std::string_view name) {
  for (Transport t : {Transport::StreamsWorker, Transport::Fetch, Transport::Keepalive,
                      Transport::Beacon, Transport::FetchLater}) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

std::vector<ParamSpec> retry_params(std::string_view prefix, const RetryPolicy& d) {
  // The names live as long as the program: they are interned once per prefix.
  static std::vector<std::unique_ptr<std::string>> names;
  auto name = [&](std::string_view field) {
    names.push_back(std::make_unique<std::string>(std::string(prefix) + std::string(field)));
    return std::string_view(*names.back());
  };
  return {
      {name("max_attempts"), "attempts", static_cast<double>(d.max_attempts), 1, 1000,
       "Attempts in all, the first included.", ParamType::Integer},
      {name("backoff"), "constant|exponential", d.backoff == Backoff::Constant ? 0.0 : 1.0, 0, 1,
       "How the delay between attempts grows.", ParamType::Choice},
      {name("base_ms"), "ms", d.base_ms, 0, 86400000, "Delay before the first retry, before jitter."},
      {name("cap_ms"), "ms", d.cap_ms, 0, 86400000, "Largest delay, before jitter."},
      {name("jitter"), "none|full|equal", static_cast<double>(static_cast<int>(d.jitter)), 0, 2,
       "none: d; full: uniform [0, d]; equal: d/2 + uniform [0, d/2].", ParamType::Choice},
      {name("per_attempt_timeout_ms"), "ms", d.per_attempt_timeout_ms, 0, 86400000,
       "Give up on one attempt after this; 0 waits for the answer."},
      {name("overall_deadline_ms"), "ms", d.overall_deadline_ms, 0, 86400000,
       "Start no attempt later than this after the first; 0 = none."},
  };
}

void validate_retry(const ComponentConfig& c, std::string_view prefix,
                    std::vector<std::string>& errors) {
  // The ranges are the table's; what is left is the one rule across two fields.
  const RetryPolicy r = c.retry(prefix);
  if (r.cap_ms < r.base_ms) errors.push_back(std::string(prefix) + "cap_ms: must not be below " +
                                             std::string(prefix) + "base_ms");
}

const ParamSpec* ComponentDescriptor::param(std::string_view n) const {
  for (const ParamSpec& p : params) {
    if (p.name == n) return &p;
  }
  return nullptr;
}

ComponentConfig ComponentDescriptor::defaults() const {
  ComponentConfig c;
  c.descriptor = this;
  c.values.reserve(params.size());
  for (const ParamSpec& p : params) c.values.push_back(p.default_value);
  return c;
}

namespace {
std::size_t index_of(const ComponentConfig& c, std::string_view name) {
  const auto& ps = c.descriptor->params;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].name == name) return i;
  }
  return ps.size();
}
}  // namespace

double ComponentConfig::number(std::string_view name) const {
  const std::size_t i = index_of(*this, name);
  return i < values.size() ? values[i] : 0.0;
}

void ComponentConfig::set_number(std::string_view name, double v) {
  const std::size_t i = index_of(*this, name);
  if (i < values.size()) values[i] = v;
}

namespace {
// `prefix` + `field` in a buffer of the caller's, without an allocation (sessions build their
// components' policies when a runner is made).
class ParamName {
 public:
  ParamName(std::string_view prefix, std::string_view field) {
    const std::size_t n = std::min(prefix.size(), kMax);
    prefix.copy(buf_, n);
    const std::size_t m = std::min(field.size(), kMax - n);
    field.copy(buf_ + n, m);
    size_ = n + m;
  }
  operator std::string_view() const { return {buf_, size_}; }

 private:
  static constexpr std::size_t kMax = 96;
  char buf_[kMax];
  std::size_t size_;
};
}  // namespace

RetryPolicy ComponentConfig::retry(std::string_view prefix) const {
  auto n = [&](std::string_view field) { return number(ParamName(prefix, field)); };
  RetryPolicy r;
  r.max_attempts = static_cast<int>(n("max_attempts"));
  r.backoff = n("backoff") == 0 ? Backoff::Constant : Backoff::Exponential;
  r.base_ms = n("base_ms");
  r.cap_ms = n("cap_ms");
  r.jitter = static_cast<Jitter>(static_cast<int>(n("jitter")));
  r.per_attempt_timeout_ms = n("per_attempt_timeout_ms");
  r.overall_deadline_ms = n("overall_deadline_ms");
  return r;
}

void ComponentConfig::set_retry(std::string_view prefix, const RetryPolicy& r) {
  auto set = [&](std::string_view field, double v) { set_number(ParamName(prefix, field), v); };
  set("max_attempts", r.max_attempts);
  set("backoff", r.backoff == Backoff::Constant ? 0 : 1);
  set("base_ms", r.base_ms);
  set("cap_ms", r.cap_ms);
  set("jitter", static_cast<int>(r.jitter));
  set("per_attempt_timeout_ms", r.per_attempt_timeout_ms);
  set("overall_deadline_ms", r.overall_deadline_ms);
}

std::optional<std::string> ComponentConfig::set(std::string_view name, std::string_view value) {
  const ParamSpec* p = descriptor->param(name);
  if (p == nullptr) {
    return fmt::format("component {} has no parameter '{}'", descriptor->name, echo(name));
  }
  double v = 0;
  switch (p->type) {
    case ParamType::Boolean:
      if (value != "true" && value != "false") return std::string("expected true or false");
      v = value == "true" ? 1 : 0;
      break;
    case ParamType::Choice: {
      const auto names = choices_of(p->unit);
      const auto it = std::find(names.begin(), names.end(), value);
      if (it == names.end()) return "expected " + join(names, " or ");
      v = static_cast<double>(it - names.begin());
      break;
    }
    case ParamType::Set: {
      const auto names = choices_of(p->unit);
      for (std::string_view item : choices_of(value)) {
        const auto it = std::find(names.begin(), names.end(), item);
        if (it == names.end()) {
          return fmt::format("'{}' is not one of {}", echo(item), join(names, " and "));
        }
        v = static_cast<double>(static_cast<unsigned>(v) | (1u << (it - names.begin())));
      }
      if (v == 0) return std::string("expected at least one of ") + join(names, ", ");
      break;
    }
    case ParamType::Number:
    case ParamType::Integer: {
      const auto parsed = parse_decimal(value);
      if (!parsed) return "expected a number, got '" + echo(value) + "'";
      if (p->type == ParamType::Integer && *parsed != std::floor(*parsed)) {
        return "expected an integer, got '" + echo(value) + "'";
      }
      v = *parsed;
      if (!(v >= p->min && v <= p->max)) {
        return fmt::format("must be between {} and {}{}, got {}", format_number(p->min),
                           format_number(p->max), p->unit == "ms" ? " ms" : "", echo(value));
      }
      break;
    }
  }
  values[index_of(*this, name)] = v;
  return std::nullopt;
}

std::string ComponentConfig::text(std::string_view name) const {
  const ParamSpec* p = descriptor->param(name);
  if (p == nullptr) return {};
  const double v = number(name);
  switch (p->type) {
    case ParamType::Boolean: return v != 0 ? "true" : "false";
    case ParamType::Choice: {
      const auto names = choices_of(p->unit);
      const auto i = static_cast<std::size_t>(v);
      return i < names.size() ? std::string(names[i]) : "?";
    }
    case ParamType::Set: {
      const auto names = choices_of(p->unit);
      std::string out;
      for (std::size_t i = 0; i < names.size(); ++i) {
        if ((static_cast<unsigned>(v) >> i) & 1u) out += (out.empty() ? "" : "|") + std::string(names[i]);
      }
      return out;
    }
    case ParamType::Number:
    case ParamType::Integer: return format_number(v);
  }
  return {};
}

std::vector<std::string> ComponentConfig::validate() const {
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < descriptor->params.size(); ++i) {
    const ParamSpec& p = descriptor->params[i];
    if (p.type != ParamType::Number && p.type != ParamType::Integer) continue;
    const double v = values[i];
    if (!(v >= p.min && v <= p.max)) {
      errors.push_back(fmt::format("{}: must be between {} and {}{}, got {}", p.name,
                                   format_number(p.min), format_number(p.max),
                                   p.unit == "ms" ? " ms" : "", format_number(v)));
    }
  }
  if (descriptor->validate != nullptr) descriptor->validate(*this, errors);
  return errors;
}

const std::vector<const ComponentDescriptor*>& components() { return registry(); }

const ComponentDescriptor* find_component(std::string_view name) {
  for (const ComponentDescriptor* d : registry()) {
    if (d->name == name) return d;
  }
  return nullptr;
}

bool register_component(const ComponentDescriptor& d) {
  if (d.name.empty() || d.create == nullptr || find_component(d.name) != nullptr) return false;
  if (d.side != "page" && d.side != "backend") return false;
  owned().push_back(std::make_unique<ComponentDescriptor>(d));
  registry().push_back(owned().back().get());
  return true;
}

}  // namespace agentsim::sim
