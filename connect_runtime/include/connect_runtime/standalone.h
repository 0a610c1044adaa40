// `cdc standalone worker.properties [connector.properties|connector.json ...]`, like Kafka's
// connect-standalone.sh.
#pragma once

#include <string>
#include <vector>

#include "connect_runtime/connector.h"

namespace connect_runtime {

// `args` are the arguments after the subcommand: the worker properties file, then connector
// configuration files (.properties with `name=`, or .json as {"name":..,"config":{..}} or a plain
// config object with "name"). Loads the worker config and the offset file, starts the REST API
// and the connectors, then blocks until SIGINT/SIGTERM, and stops cleanly (tasks stop, producers
// flush, offsets are stored). A second signal exits immediately.
//
// Blocks SIGINT/SIGTERM in the calling thread first, so call it before starting other threads
// (threads started later inherit the mask). Returns the process exit code: 0 after a signal,
// 1 for a bad worker config / offset file / REST bind failure, 2 for usage errors, 3 when a
// connector from the command line cannot be created (connect-standalone also exits with 3).
int run_standalone(const std::vector<std::string>& args, PluginRegistry& registry);

}  // namespace connect_runtime
