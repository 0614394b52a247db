/**
 * "Việc học của tôi" is rendered by the server from what it has stored. Events still waiting on
 * this device are sent first; once they are in, the page reloads so the lists include them.
 */
import { flush, onSyncState } from './progress-sync.ts';

const line = document.querySelector<HTMLElement>('[data-device-queue]');
let pending = 0;
let saved = false;
onSyncState((state) => {
  pending = state.pending;
  saved = state.saved;
  if (line)
    line.textContent =
      pending > 0
        ? `${pending} hoạt động trên máy này đang chờ đồng bộ${state.online ? '' : ' (đang ngoại tuyến)'}; danh sách dưới đây chưa tính các hoạt động đó.`
        : '';
});
if (pending > 0) {
  void flush().then(() => {
    if (pending === 0 && saved) location.reload();
  });
}
