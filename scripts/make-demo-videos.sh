#!/usr/bin/env bash
# Dựng lại các video mẫu của Học Liệu Số từ văn bản.
#
#   scripts/make-demo-videos.sh                 # dựng mọi video trong scripts/demo-videos/*.txt
#   scripts/make-demo-videos.sh quy-trinh-tiep-cong-dan   # chỉ dựng một video
#
# Mỗi video có một tệp nguồn scripts/demo-videos/<ma>.txt (tiêu đề, chữ trên từng khung hình,
# lời đọc từng câu). Với mỗi câu, script:
#   1. đọc câu bằng espeak-ng (giọng tiếng Việt) ra một tệp WAV riêng và đo thời lượng thật (ffprobe);
#   2. vẽ một khung hình 640x360 bằng ffmpeg drawtext (phông DejaVu Sans, có đủ dấu tiếng Việt);
#   3. cho khung hình hiện đúng bằng thời lượng câu đó (cộng một khoảng nghỉ ngắn);
#   4. ghi phụ đề WebVTT theo đúng thời lượng đã đo.
# Kết quả (đã được đưa vào git, nên bản sao mới không cần ffmpeg):
#   public/media/videos/<ma>.mp4     H.264 + AAC, yuv420p, +faststart
#   public/media/videos/<ma>.webm    VP9 + Opus
#   public/media/videos/<ma>.vi.vtt  phụ đề tiếng Việt
#   public/media/videos/<ma>.jpg     ảnh đại diện (khung hình đầu)
#   content/videos/<ma>.yaml         mô tả video (xem content/README.md)
#
# Cần: ffmpeg (có libx264, libvpx-vp9, libopus, drawtext), ffprobe, espeak-ng, phông DejaVu Sans.
#   Debian/Ubuntu: apt-get install -y ffmpeg espeak-ng fonts-dejavu-core
# Có thể đổi phông bằng biến môi trường FONT và FONT_BOLD (đường dẫn tệp .ttf).
set -euo pipefail
export LC_ALL=C.UTF-8   # để ${#chuoi} đếm ký tự chứ không đếm byte khi tự xuống dòng

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC_DIR=$ROOT/scripts/demo-videos
MEDIA_DIR=$ROOT/public/media/videos
YAML_DIR=$ROOT/content/videos

W=640 H=360          # kích thước khung hình
FPS=10               # khung hình tĩnh: 10 hình/giây là đủ và nén rất nhỏ
VOICE=vi             # giọng espeak-ng
SPEED=150            # tốc độ đọc (từ/phút)
LEAD=0.5             # khoảng lặng trước câu đầu tiên (giây)
GAP=0.7              # khoảng nghỉ sau mỗi câu (giây)
AUDIO_RATE=24000     # mono 24 kHz: đủ cho giọng nói, dùng được cho cả AAC và Opus
MAX_BYTES=3000000    # mỗi tệp video phải nhỏ hơn 3 MB
CUE_CHARS=84         # một dòng phụ đề dài quá thì chia thành nhiều đoạn, mỗi đoạn tối đa chừng này ký tự
CUE_LINE=42          # mỗi đoạn phụ đề tối đa 2 dòng chừng này ký tự

# Màu và cỡ chữ (cỡ lớn để đọc được trên điện thoại).
BG=0xFAF7F0 INK=0x1A1A1A BAND=0x1F3A5F ACCENT=0xC8102E MUTED=0x555555 LIGHT=0xDCE6F2
TITLE_SIZE=30 TITLE_WRAP=31 TITLE_LINE=40
BODY_SIZE=28 BODY_WRAP=34 BODY_LINE=38
COVER_TITLE_SIZE=34 COVER_TITLE_WRAP=28 COVER_TITLE_LINE=46
FOOT_SIZE=16

die() { printf 'make-demo-videos: %s\n' "$*" >&2; exit 1; }

for tool in ffmpeg ffprobe espeak-ng; do
  command -v "$tool" >/dev/null || die "thiếu $tool (apt-get install -y ffmpeg espeak-ng fonts-dejavu-core)"
done
# (Đọc hết đầu ra vào biến rồi mới tìm: "grep -q" trong ống dẫn sẽ làm hỏng pipefail.)
voices=$(espeak-ng --voices=vi); filters=$(ffmpeg -hide_banner -filters 2>/dev/null); encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null)
[[ $voices == *" vi "* ]] || die "espeak-ng không có giọng tiếng Việt (vi)"
[[ $filters == *" drawtext "* ]] || die "ffmpeg này không có bộ lọc drawtext (cần libfreetype)"
for enc in libx264 libvpx-vp9 libopus aac; do
  [[ $encoders == *" $enc "* ]] || die "ffmpeg này thiếu bộ mã hóa $enc"
done

find_font() { # $1: tên tệp DejaVu, $2: tên phông cho fc-match
  local path
  for path in "/usr/share/fonts/truetype/dejavu/$1" "/usr/share/fonts/TTF/$1" "/usr/local/share/fonts/$1"; do
    [[ -f $path ]] && { printf '%s\n' "$path"; return; }
  done
  if command -v fc-match >/dev/null; then
    path=$(fc-match -f '%{file}' "$2")
    [[ $path == *DejaVu* && -f $path ]] && { printf '%s\n' "$path"; return; }
  fi
  die "không tìm thấy phông $1 (apt-get install -y fonts-dejavu-core, hoặc đặt FONT/FONT_BOLD)"
}
FONT=${FONT:-$(find_font DejaVuSans.ttf 'DejaVu Sans')}
FONT_BOLD=${FONT_BOLD:-$(find_font DejaVuSans-Bold.ttf 'DejaVu Sans:bold')}

# ---------------------------------------------------------------- tiện ích

# wrap WIDTH TEXT: in TEXT thành các dòng tối đa WIDTH ký tự, ngắt ở khoảng trắng.
wrap() {
  local width=$1 line="" word
  local -a words
  read -r -a words <<<"$2"
  for word in "${words[@]}"; do
    if [[ -z $line ]]; then line=$word
    elif (( ${#line} + 1 + ${#word} <= width )); then line+=" $word"
    else printf '%s\n' "$line"; line=$word
    fi
  done
  [[ -n $line ]] && printf '%s\n' "$line"
  return 0
}

# wrap_balanced WIDTH TEXT: như wrap, cùng số dòng nhưng các dòng dài gần bằng nhau (tránh một từ lẻ loi ở dòng cuối).
wrap_balanced() {
  local width=$1 lines
  lines=$(wrap "$width" "$2" | wc -l)
  while (( width > 1 )) && (( $(wrap $((width - 1)) "$2" | wc -l) == lines )); do width=$((width - 1)); done
  wrap "$width" "$2"
}

# fits TEXT: đúng nếu TEXT xuống dòng ở CUE_LINE ký tự thì không quá 2 dòng (một đoạn phụ đề).
fits() { (( ${#1} <= CUE_CHARS )) && (( $(wrap_balanced "$CUE_LINE" "$1" | wc -l) <= 2 )); }

# chunks TEXT: chia một câu dài thành các đoạn phụ đề vừa 2 dòng, ưu tiên ngắt sau dấu , ; : .
# Vế nào quá dài thì chia thành các mẩu dài gần bằng nhau.
chunks() {
  local -a words clauses=() pieces=()
  local word clause="" cur="" width
  read -r -a words <<<"$1"
  for word in "${words[@]}"; do
    clause+=${clause:+ }$word
    if [[ $word == *[,\;:.?!] ]]; then clauses+=("$clause"); clause=""; fi
  done
  [[ -n $clause ]] && clauses+=("$clause")
  for clause in "${clauses[@]}"; do
    width=$CUE_CHARS
    while :; do
      mapfile -t pieces < <(wrap_balanced "$width" "$clause")
      local ok=1 piece
      for piece in "${pieces[@]}"; do fits "$piece" || ok=0; done
      (( ok || width <= 20 )) && break
      width=$((width - 4))
    done
    for piece in "${pieces[@]}"; do
      if [[ -z $cur ]]; then cur=$piece
      elif fits "$cur $piece"; then cur+=" $piece"
      else printf '%s\n' "$cur"; cur=$piece
      fi
    done
  done
  [[ -n $cur ]] && printf '%s\n' "$cur"
  return 0
}

duration() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1"; }
calc() { awk "BEGIN { printf \"%s\", $1 }"; }
vtt_time() { awk -v t="$1" 'BEGIN { ms = int(t * 1000 + 0.5); printf "%02d:%02d:%02d.%03d", int(ms / 3600000), int(ms / 60000) % 60, int(ms / 1000) % 60, ms % 1000 }'; }

# ---------------------------------------------------------------- khung hình

# render_slide OUT.png INDEX COUNT FOOTER TITLE BODY...  (BODY: mỗi tham số là một ý)
render_slide() {
  local out=$1 index=$2 count=$3 footer=$4 title=$5; shift 5
  local dir; dir=$(mktemp -d "$WORK/slide.XXXX")
  local -a filters=() title_lines=() body_lines=()
  local n=0 y line item first

  put_text() { # put_text FONTFILE SIZE COLOR X Y TEXT
    n=$((n + 1)); printf '%s' "$6" >"$dir/t$n.txt"
    filters+=("drawtext=fontfile=$1:textfile=$dir/t$n.txt:expansion=none:fontsize=$2:fontcolor=$3:x=$4:y=$5")
  }

  if (( index == 1 )); then
    # Bìa: nền xanh đậm, tên video lớn.
    mapfile -t title_lines < <(wrap_balanced "$COVER_TITLE_WRAP" "$title")
    filters+=("drawbox=x=0:y=0:w=iw:h=ih:color=$BAND:t=fill")
    y=56
    for line in "${title_lines[@]}"; do put_text "$FONT_BOLD" "$COVER_TITLE_SIZE" white 40 "$y" "$line"; y=$((y + COVER_TITLE_LINE)); done
    y=$((y + 10)); filters+=("drawbox=x=40:y=$y:w=96:h=6:color=$ACCENT:t=fill"); y=$((y + 28))
    for item in "$@"; do
      while IFS= read -r line; do put_text "$FONT" "$BODY_SIZE" "$LIGHT" 40 "$y" "$line"; y=$((y + BODY_LINE)); done < <(wrap_balanced "$BODY_WRAP" "$item")
    done
    put_text "$FONT_BOLD" "$FOOT_SIZE" "$LIGHT" 40 $((H - 34)) "Học Liệu Số · Video hướng dẫn"
  else
    mapfile -t title_lines < <(wrap_balanced "$TITLE_WRAP" "$title")
    local band=$(( 24 + ${#title_lines[@]} * TITLE_LINE ))
    filters+=("drawbox=x=0:y=0:w=iw:h=$band:color=$BAND:t=fill" "drawbox=x=0:y=$band:w=iw:h=6:color=$ACCENT:t=fill")
    y=16
    for line in "${title_lines[@]}"; do put_text "$FONT_BOLD" "$TITLE_SIZE" white 32 "$y" "$line"; y=$((y + TITLE_LINE)); done
    y=$((band + 30))
    for item in "$@"; do
      first=1
      while IFS= read -r line; do
        if (( first )); then filters+=("drawbox=x=34:y=$((y + 9)):w=12:h=12:color=$ACCENT:t=fill"); first=0; fi
        put_text "$FONT" "$BODY_SIZE" "$INK" 60 "$y" "$line"; y=$((y + BODY_LINE))
      done < <(wrap_balanced "$BODY_WRAP" "$item")
      y=$((y + 6))
    done
    filters+=("drawbox=x=0:y=$((H - 36)):w=iw:h=1:color=0xCCCCCC:t=fill")
    put_text "$FONT" "$FOOT_SIZE" "$MUTED" 32 $((H - 27)) "$footer"
  fi
  (( y <= H - 40 )) || die "khung hình $index ($title) có quá nhiều chữ: hãy rút gọn"
  put_text "$FONT" "$FOOT_SIZE" "$( ((index == 1)) && echo "$LIGHT" || echo "$MUTED")" "w-text_w-32" $((H - 27 - (index == 1 ? 7 : 0))) "$index/$count"

  local IFS=,
  ffmpeg -v error -y -f lavfi -i "color=c=$BG:s=${W}x${H}:r=1" -frames:v 1 -vf "${filters[*]}" "$out"
}

# ---------------------------------------------------------------- một video

make_video() {
  local id=$1 src=$SRC_DIR/$1.txt
  [[ -f $src ]] || die "không có tệp nguồn $src"
  echo "== $id"

  # Đọc tệp nguồn.
  local title="" footer="" line key value
  local -a say_from=() say_to=() s_title=() s_body=() s_text=()
  local i=-1
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    key=${line%%:*}; value=${line#*:}; value=${value# }
    case $key in
      title) title=$value ;;
      footer) footer=$value ;;
      say) say_from+=("${value%% => *}"); say_to+=("${value#* => }") ;;
      T) i=$((i + 1)); s_title[i]=$value; s_body[i]=""; s_text[i]="" ;;
      B) (( i >= 0 )) || die "$src: dòng B: trước dòng T:"; s_body[i]+=$value$'\n' ;;
      N) (( i >= 0 )) || die "$src: dòng N: trước dòng T:"; s_text[i]+=${s_text[i]:+ }$value ;;
      *) die "$src: không hiểu dòng: $line" ;;
    esac
  done <"$src"
  local count=$((i + 1))
  [[ -n $title ]] || die "$src: thiếu title:"
  (( count >= 1 )) || die "$src: chưa có khung hình nào"

  local dir=$WORK/$id; mkdir -p "$dir"
  local t=0 j k lead speech frames seg say start
  local -a body
  : >"$dir/video.txt"; : >"$dir/audio.txt"
  local vtt="WEBVTT"$'\n\n'"NOTE Phụ đề tiếng Việt cho video \"$title\". Tạo bởi scripts/make-demo-videos.sh từ scripts/demo-videos/$id.txt."$'\n'
  local cue=0 transcript=""

  for ((k = 0; k < count; k++)); do
    [[ -n ${s_text[k]} ]] || die "$src: khung hình $((k + 1)) thiếu lời đọc (N:)"

    # 1. Lời đọc: mỗi câu một tệp, đo thời lượng thật.
    say=${s_text[k]}
    for ((j = 0; j < ${#say_from[@]}; j++)); do say=${say//"${say_from[j]}"/"${say_to[j]}"}; done
    espeak-ng -v "$VOICE" -s "$SPEED" -w "$dir/say$k.wav" "$say"
    speech=$(duration "$dir/say$k.wav")
    lead=$( ((k == 0)) && echo "$LEAD" || echo 0 )
    # Thời lượng khung hình = lặng đầu + câu + nghỉ, làm tròn lên số nguyên khung hình để hình và tiếng khớp tuyệt đối.
    frames=$(awk -v a="$lead" -v b="$speech" -v c="$GAP" -v f="$FPS" 'BEGIN { x = (a + b + c) * f; n = int(x); if (n < x) n++; print n }')
    seg=$(calc "$frames / $FPS")
    ffmpeg -v error -y -i "$dir/say$k.wav" \
      -af "aresample=$AUDIO_RATE,adelay=delays=$(calc "int($lead * 1000)"):all=1,apad" -t "$seg" -ac 1 -ar "$AUDIO_RATE" -c:a pcm_s16le "$dir/a$k.wav"
    echo "file 'a$k.wav'" >>"$dir/audio.txt"

    # 2. Khung hình, hiện đúng bằng thời lượng câu.
    mapfile -t body < <(printf '%s' "${s_body[k]}")
    render_slide "$dir/s$k.png" $((k + 1)) "$count" "$footer" "${s_title[k]}" "${body[@]}"
    ffmpeg -v error -y -loop 1 -framerate "$FPS" -i "$dir/s$k.png" -frames:v "$frames" \
      -vf "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p" -c:v ffv1 "$dir/v$k.mkv"
    echo "file 'v$k.mkv'" >>"$dir/video.txt"

    # 3. Phụ đề: câu dài chia thành nhiều đoạn (mỗi đoạn ≤ 2 dòng). Thời lượng thật của câu được chia
    #    cho các đoạn theo tỉ lệ thời lượng khi đọc riêng từng đoạn, nên phụ đề bám sát lời đọc.
    start=$(calc "$t + $lead")
    local -a parts=() weights=(); mapfile -t parts < <(chunks "${s_text[k]}")
    local total=0 done_w=0 p q from to
    for ((q = 0; q < ${#parts[@]}; q++)); do
      if (( ${#parts[@]} == 1 )); then weights[q]=1; else
        p=${parts[q]}
        for ((j = 0; j < ${#say_from[@]}; j++)); do p=${p//"${say_from[j]}"/"${say_to[j]}"}; done
        espeak-ng -v "$VOICE" -s "$SPEED" -w "$dir/part.wav" "$p"
        weights[q]=$(duration "$dir/part.wav")
      fi
      total=$(calc "$total + ${weights[q]}")
    done
    for ((q = 0; q < ${#parts[@]}; q++)); do
      p=${parts[q]}
      from=$(calc "$start + $speech * $done_w / $total")
      done_w=$(calc "$done_w + ${weights[q]}")
      to=$(calc "$start + $speech * $done_w / $total")
      cue=$((cue + 1))
      vtt+=$'\n'"$cue"$'\n'"$(vtt_time "$from") --> $(vtt_time "$to")"$'\n'"$(wrap_balanced "$CUE_LINE" "$p")"$'\n'
    done

    transcript+=${transcript:+$'\n\n'}${s_text[k]}
    t=$(calc "$t + $seg")
    printf '   %d/%d  câu %5.2fs  khung hình %5.1fs  %s\n' $((k + 1)) "$count" "$speech" "$seg" "${s_title[k]}"
  done

  # 4. Ghép và mã hóa.
  (cd "$dir" && ffmpeg -v error -y -f concat -safe 0 -i video.txt -c copy video.mkv \
               && ffmpeg -v error -y -f concat -safe 0 -i audio.txt -c:a pcm_s16le audio.wav)
  mkdir -p "$MEDIA_DIR" "$YAML_DIR"
  local common=(-map 0:v:0 -map 1:a:0 -map_metadata -1 -metadata "title=$title" -metadata:s:a:0 language=vie
                -fflags +bitexact -r "$FPS" -g $((FPS * 5)) -pix_fmt yuv420p
                -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv -ac 1 -ar "$AUDIO_RATE")
  ffmpeg -v error -y -i "$dir/video.mkv" -i "$dir/audio.wav" "${common[@]}" \
    -c:v libx264 -preset veryslow -tune stillimage -crf 24 -profile:v main -level 3.0 \
    -c:a aac -b:a 32k -movflags +faststart "$MEDIA_DIR/$id.mp4"
  ffmpeg -v error -y -i "$dir/video.mkv" -i "$dir/audio.wav" "${common[@]}" \
    -c:v libvpx-vp9 -crf 34 -b:v 0 -deadline good -cpu-used 1 -row-mt 1 \
    -c:a libopus -b:a 32k -application voip "$MEDIA_DIR/$id.webm"
  ffmpeg -v error -y -i "$dir/s0.png" -q:v 3 -fflags +bitexact "$MEDIA_DIR/$id.jpg"
  printf '%s' "$vtt" >"$MEDIA_DIR/$id.vi.vtt"

  local f size
  for f in "$MEDIA_DIR/$id.mp4" "$MEDIA_DIR/$id.webm"; do
    size=$(stat -c %s "$f")
    (( size < MAX_BYTES )) || die "$f nặng $size byte, vượt giới hạn $MAX_BYTES: hãy tăng crf hoặc rút ngắn lời đọc"
  done

  # 5. Tệp mô tả video cho content/videos/.
  local seconds; seconds=$(awk -v t="$t" 'BEGIN { printf "%d", t + 0.5 }')
  local qtitle=${title//\\/\\\\}; qtitle=${qtitle//\"/\\\"}
  {
    echo "# Tạo bởi scripts/make-demo-videos.sh từ scripts/demo-videos/$id.txt: sửa ở đó rồi chạy lại script."
    echo "title: \"$qtitle\""
    echo "sources:"
    echo "  - { src: /media/videos/$id.mp4, type: video/mp4 }"
    echo "  - { src: /media/videos/$id.webm, type: video/webm }"
    echo "captions: /media/videos/$id.vi.vtt"
    echo "poster: /media/videos/$id.jpg"
    echo "durationSeconds: $seconds"
    echo "transcript: |"
    while IFS= read -r line; do
      if [[ -z $line ]]; then echo; else echo "  $line"; fi
    done <<<"$transcript"
  } >"$YAML_DIR/$id.yaml"

  printf '   tổng %.1fs; mp4 %s byte, webm %s byte\n' "$t" "$(stat -c %s "$MEDIA_DIR/$id.mp4")" "$(stat -c %s "$MEDIA_DIR/$id.webm")"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/demo-videos.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if (( $# )); then ids=("$@")
else
  ids=()
  for f in "$SRC_DIR"/*.txt; do [[ -e $f ]] && ids+=("$(basename "$f" .txt)"); done
fi
(( ${#ids[@]} )) || die "không có tệp nguồn nào trong $SRC_DIR"
for id in "${ids[@]}"; do make_video "$id"; done
