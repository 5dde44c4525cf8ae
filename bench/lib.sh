# What the benchmark scripts share, so that they measure the same thing
# the same way. Sourced (`. bench/lib.sh`); defines functions only.

# web_session BASE USER JAR: signs USER in through the login form, with the
# demo password, keeping the cookies in JAR; prints the session cookie.
web_session() {
  local base=$1 user=$2 jar=$3 csrf
  rm -f "$jar"
  csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null "$base/login" --data-urlencode "csrf=$csrf" \
    --data-urlencode "username=$user" --data-urlencode "password=dugu-demo-2026"
  awk '$6 == "dugu_session" {print $7}' "$jar"
}

# search_requests TOKEN: the requests of the name search benchmark, for a
# wrk script (its `done` is the caller's): the searches people type —
# common and rare family names, given names, partial words, two words,
# other spellings — through the API, as the bearer of TOKEN.
search_requests() {
  cat <<LUA
local queries = {"traore", "coulibaly", "fatoumata", "mamadou", "trao", "coul", "fatou", "awa traore",
  "mamadou diarra", "kulibali", "tarawele", "bathily", "goita", "keita", "kadidia", "sekou konate",
  "diallo", "maiga", "aminata coulibaly", "ibrahim toure", "sidibe", "dembele", "bagayogo", "sow"}
local i = 0
wrk.headers["Authorization"] = "Bearer $1"
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/v1/people?limit=20&q=" .. q)
end
LUA
}
