// A small SMPP 3.4 SMSC for the gateway's SMPP mode (scripts/gateway.sh start with GATEWAY_SMSC=smpp), on the npm
// package "smpp" 0.5.1. Adapted from the measured reference setup (shared/reference/kannel/smsc-sim.js): the receivers
// that fail are configurable, and what reached it is counted per receiver.
// usage: node smsc-sim.js <smpp-port> <stats-http-port>
//   env: DLR_DELAY_MS (default 0); SIM_REJECT_PREFIXES (default 999), SIM_UNDELIV_PREFIXES (default 888), comma-separated
// Behaviour by destination_addr prefix:
//   a reject prefix   -> submit_sm_resp command_status ESME_RINVDSTADR (0x0B)   => Kannel DLR 16
//   an undeliv prefix -> accepted, then deliver_sm receipt stat:UNDELIV err:001  => Kannel DLR 8 + 2
//   other             -> accepted, then deliver_sm receipt stat:DELIVRD          => Kannel DLR 8 + 1
// Receipts are sent only when registered_delivery asks for them, on a receiver/transceiver session.
// GET /receivers on the stats port: how many submits reached it per receiver.
const smpp = require('smpp');
const http = require('http');
const port = parseInt(process.argv[2] || '23775', 10);
const statsPort = parseInt(process.argv[3] || '23776', 10);
const delay = parseInt(process.env.DLR_DELAY_MS || '0', 10);
const prefixes = v => v.split(',').map(p => p.trim()).filter(p => p.length > 0);
const rejectPrefixes = prefixes(process.env.SIM_REJECT_PREFIXES || '999');
const undelivPrefixes = prefixes(process.env.SIM_UNDELIV_PREFIXES || '888');
const receivers = new Map(); // destination_addr -> submits that reached the SMSC
let nextId = 1;
const st = { binds: 0, submits: 0, parts_udh: 0, rejected: 0, receipts: 0, receiptAcks: 0,
             firstSubmit: null, lastSubmit: null, firstReceipt: null, lastReceipt: null, codings: {} };
const rxSessions = new Set();
const pendingReceipts = []; // receipts that found no bound receiver: sent on next rx bind
const seen = new Map();       // '#<id>' tags found in message text -> count (duplicate detection)
let rr = 0;
function ts(d) { const p = n => String(n).padStart(2, '0');
  return p(d.getUTCFullYear() % 100) + p(d.getUTCMonth() + 1) + p(d.getUTCDate()) + p(d.getUTCHours()) + p(d.getUTCMinutes()); }
function pickRx(pref) { if (pref && rxSessions.has(pref)) return pref;
  const a = [...rxSessions]; return a.length ? a[(rr++) % a.length] : null; }
function sendReceipt(origSess, pdu, id, ok) {
  const s = pickRx(origSess.isRx && !origSess.closed ? origSess : null);
  if (!s) { pendingReceipts.push([origSess, pdu, id, ok]); st.receiptsQueued = (st.receiptsQueued || 0) + 1; return; }
  const now = new Date(); const stat = ok ? 'DELIVRD' : 'UNDELIV';
  const text = `id:${id} sub:001 dlvrd:${ok ? '001' : '000'} submit date:${ts(now)} done date:${ts(now)} stat:${stat} err:${ok ? '000' : '001'} text:`;
  s.deliver_sm({
    source_addr: pdu.destination_addr, source_addr_ton: pdu.dest_addr_ton, source_addr_npi: pdu.dest_addr_npi,
    destination_addr: pdu.source_addr, dest_addr_ton: pdu.source_addr_ton, dest_addr_npi: pdu.source_addr_npi,
    esm_class: 0x04, short_message: text,
    receipted_message_id: id, message_state: ok ? 2 : 5,
  }, resp => {
    if (resp && resp.command_status) {          // ESME said "temporary error" (Kannel: 0x64 while its SMSCConn is stopped): retry in 1 s
      st.receiptNacks = (st.receiptNacks || 0) + 1;
      setTimeout(() => sendReceipt(origSess, pdu, id, ok), 1000); return; }
    st.receiptAcks++; });
  st.receipts++; const t = Date.now(); if (!st.firstReceipt) st.firstReceipt = t; st.lastReceipt = t;
}
const server = smpp.createServer(session => {
  session.isRx = false;
  const bind = (pdu, rx) => { st.binds++; session.isRx = rx; if (rx) rxSessions.add(session);
    session.send(pdu.response({ system_id: 'SIMSMSC' }));
    if (rx && pendingReceipts.length) setImmediate(() => { const q = pendingReceipts.splice(0);
      for (const [o, p2, i2, ok2] of q) sendReceipt(o, p2, i2, ok2); }); };
  session.on('bind_transceiver', pdu => bind(pdu, true));
  session.on('bind_receiver', pdu => bind(pdu, true));
  session.on('bind_transmitter', pdu => bind(pdu, false));
  session.on('enquire_link', pdu => session.send(pdu.response()));
  session.on('unbind', pdu => { session.send(pdu.response()); session.close(); });
  session.on('close', () => { session.closed = true; rxSessions.delete(session); });
  session.on('error', e => console.error('session error', e.message));
  session.on('submit_sm', pdu => {
    const t = Date.now(); st.submits++; if (!st.firstSubmit) st.firstSubmit = t; st.lastSubmit = t;
    st.codings[pdu.data_coding] = (st.codings[pdu.data_coding] || 0) + 1;
    if (pdu.esm_class & 0x40) st.parts_udh++;
    const dst = String(pdu.destination_addr || '');
    receivers.set(dst, (receivers.get(dst) || 0) + 1);
    try { let b = pdu.short_message && pdu.short_message.message !== undefined ? pdu.short_message.message : pdu.short_message;
      const txt = Buffer.isBuffer(b) ? (pdu.data_coding === 8 ? Buffer.from(b).swap16().toString('utf16le') : b.toString('latin1')) : String(b);
      const m = /#([A-Za-z0-9_-]+)/.exec(txt); if (m) seen.set(m[1], (seen.get(m[1]) || 0) + 1);
    } catch (e) { }
    if (rejectPrefixes.some(p => dst.startsWith(p))) { st.rejected++; session.send(pdu.response({ command_status: smpp.ESME_RINVDSTADR })); return; }
    const id = String(nextId++);
    session.send(pdu.response({ message_id: id }));
    if (pdu.registered_delivery & 0x01) {
      const ok = !undelivPrefixes.some(p => dst.startsWith(p));
      if (delay > 0) setTimeout(() => sendReceipt(session, pdu, id, ok), delay);
      else setImmediate(() => sendReceipt(session, pdu, id, ok));
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`SMPP sim on 127.0.0.1:${port}, stats on 127.0.0.1:${statsPort}`));
http.createServer((req, res) => {
  if (req.url === '/receivers') { res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(Object.fromEntries(receivers))); return; }
  if (req.url.startsWith('/ids')) { let dup = 0; for (const v of seen.values()) if (v > 1) dup++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ unique: seen.size, total: [...seen.values()].reduce((a, b) => a + b, 0), duplicatedIds: dup,
      pendingReceipts: pendingReceipts.length, ids: req.url === '/ids?full=1' ? Object.fromEntries(seen) : undefined })); return; }
  if (req.url === '/reset') { seen.clear(); receivers.clear(); for (const k of Object.keys(st)) st[k] = (typeof st[k] === 'number') ? 0 : null; st.codings = {}; }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ...st, rxSessions: rxSessions.size,
    submitSpanSec: st.firstSubmit ? (st.lastSubmit - st.firstSubmit) / 1000 : 0,
    receiptSpanSec: st.firstReceipt ? (st.lastReceipt - st.firstReceipt) / 1000 : 0 }));
}).listen(statsPort, '127.0.0.1');
