#!/usr/bin/env bash
# Regenerates the spoken prompts shipped in the callback-engine jar:
#   callback-engine/src/main/resources/prompts/<lang>/<name>.ul
# Format: headerless G.711 mu-law, 8000 Hz, mono (what PromptLibrary loads and RTP sends).
#
# Run once from anywhere; the output is committed, the build never runs this script.
#   tools/prompts/make-prompts.sh
#
# Pipeline per prompt: espeak-ng (22.05 kHz, 16-bit) -> sox: high-pass 120 Hz, trim leading and
# trailing silence (below 0.5 % of full scale), 5 ms fade in and out (no click where the trim
# cut), resample to 8 kHz, peak-normalise to -3 dBFS, encode mu-law without dither (-D).
# Deterministic: no dither, no random seeds; the same espeak-ng and sox versions give
# byte-identical files (produced with eSpeak NG 1.51 and SoX 14.4.2; checksums in SHA256SUMS).
#
# The prompt texts are the table below (name|English|Dutch). A name added here must also be added
# to org.deskline.sip.media.Prompt, and the reverse.
set -euo pipefail

command -v espeak-ng >/dev/null || { echo "espeak-ng is required" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox is required" >&2; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../callback-engine/src/main/resources/prompts"
speed=150   # words per minute; espeak-ng's default 175 is hurried on a phone line

prompts=(
  "enter-extension|Please enter your extension, followed by the hash key.|Voer uw toestelnummer in, gevolgd door een hekje."
  "enter-pin|Please enter your PIN, followed by the hash key.|Voer uw pincode in, gevolgd door een hekje."
  "logged-in-as|You are now logged in as extension|U bent nu aangemeld als toestel"
  "logged-out|You are now logged out.|U bent nu afgemeld."
  "wrong-pin|The PIN is not correct.|De pincode is niet juist."
  "not-allowed|Hot desking is not allowed here.|Flexwerken is hier niet toegestaan."
  "goodbye|Goodbye.|Tot ziens."
  "connecting|Please hold, connecting your call.|Een ogenblik geduld, uw gesprek wordt doorverbonden."
  "target-busy|The number you called is busy.|Het gekozen nummer is in gesprek."
  "target-unavailable|The number you called cannot be reached.|Het gekozen nummer is niet bereikbaar."
  "no-answer|There is no answer.|Er wordt niet opgenomen."
  "press-1|Press 1 to accept this call.|Druk op 1 om dit gesprek aan te nemen."
  "call-refused|You are not allowed to call this number.|U mag dit nummer niet bellen."
  "digit-0|zero|nul"
  "digit-1|one|één"
  "digit-2|two|twee"
  "digit-3|three|drie"
  "digit-4|four|vier"
  "digit-5|five|vijf"
  "digit-6|six|zes"
  "digit-7|seven|zeven"
  "digit-8|eight|acht"
  "digit-9|nine|negen"
)

declare -A voice=([en]=en-gb [nl]=nl)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

render() {  # lang name text
  local lang="$1" name="$2" text="$3"
  mkdir -p "$out/$lang"
  espeak-ng -v "${voice[$lang]}" -s "$speed" -w "$tmp/raw.wav" -- "$text"
  sox -D -V1 "$tmp/raw.wav" -t ul -r 8000 -c 1 "$out/$lang/$name.ul" \
      highpass 120 \
      silence 1 0.01 0.5% fade h 0.005 reverse \
      silence 1 0.01 0.5% fade h 0.005 reverse \
      rate -v 8000 \
      gain -n -3
}

for row in "${prompts[@]}"; do
  IFS='|' read -r name en nl <<<"$row"
  render en "$name" "$en"
  render nl "$name" "$nl"
done

(cd "$out" && sha256sum */*.ul > "$here/SHA256SUMS")
echo "wrote $(ls "$out"/*/*.ul | wc -l) prompts to $out"
