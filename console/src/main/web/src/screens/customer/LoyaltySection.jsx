import { useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { routes } from '../../routes.js';
import { CameraScanner, cameraScanAvailable } from '../../scanner.jsx';
import { Facts, Loaded, Notice, Section, Table, label, useAction, useLoad, when, yuan } from '../../components.jsx';

function discountText(d) {
  if (!d) return '—';
  switch (d.kind) {
    case 'amount': return `${yuan(d.amount)} off`;
    case 'percentage': return `${d.percent}% off (at most ${yuan(d.maxAmount)})`;
    case 'free_service_item': return `free ${label(d.serviceItem)} (${yuan(d.itemValue)})`;
    default: return label(d.kind);
  }
}

export function LoyaltySection({ personId, who }) {
  const account = useLoad(() => api.get(routes.account(personId)), [personId]);
  const ledger = useLoad(() => api.get(routes.ledger(personId)).catch((e) => {
    if (e.status === 404) return null; // no ledger route: the account's recent entries stand in
    throw e;
  }), [personId]);
  const coupons = useLoad(() => api.get(routes.coupons(personId)), [personId]);
  const [code, setCode] = useState('');
  const refresh = () => Promise.all([account.reload(), ledger.reload(), coupons.reload()]);
  // points for a redemption (and their reversal on a rollback) follow from the loyalty service's
  // events within moments: keep reading the account until the balance moves, for at most ~15 s
  const balanceSeen = useRef(null);
  balanceSeen.current = account.data?.balance ?? null;
  const afterCounter = async ({ awaitBalanceChange } = {}) => {
    const before = balanceSeen.current;
    await refresh();
    for (let i = 0; awaitBalanceChange && i < 15 && balanceSeen.current === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await Promise.all([account.reload(), ledger.reload()]);
    }
  };
  const entries = ledger.data?.entries ?? account.data?.recentEntries ?? [];

  return (
    <>
      <Section title="Loyalty account" id="loyalty" actions={<button type="button" class="secondary" onClick={refresh}>Refresh</button>}>
        <Loaded state={account}>
          {(a) => (
            <Facts items={[
              ['Balance', <strong data-testid="balance">{a.balance}</strong>, 'balance-fact'],
              ['Pending', a.pending, 'pending'],
              ['Expiring next', a.nextExpiringPoints ? `${a.nextExpiringPoints} on ${when(a.nextExpireTime)}` : 'nothing'],
              ['Tier', <span class="chip tier">{a.tier || '—'}</span>],
              a.tierReviewTime && ['Tier review', `${when(a.tierReviewTime)} · ${a.tierQualifyingValue ?? 0} qualifying ${label(a.tierBasis)}`],
            ]} />
          )}
        </Loaded>
        <details open={entries.length > 0 && entries.length <= 5}>
          <summary>Ledger ({entries.length} entries)</summary>
          <Table caption="Points ledger, newest first" rowKey={(e) => e.entryId} columns={[
            { label: 'When', render: (e) => when(e.createTime) },
            { label: 'Kind', render: (e) => label(e.kind) },
            { label: 'Points', render: (e) => <span class={e.points < 0 ? 'no' : 'yes'}>{e.points > 0 ? `+${e.points}` : e.points}</span> },
            { label: 'Reason', render: (e) => label(e.reason) },
            { label: 'Reference', render: (e) => e.sourceReference || '—' },
          ]} rows={entries} />
        </details>
      </Section>
      <Section title="Coupons" id="coupons">
        <Loaded state={coupons} empty={(c) => (c.coupons ?? []).length === 0}>
          {(c) => (
            <Table caption="Coupons of this customer" rowKey={(x) => x.code} columns={[
              { label: 'Code', render: (x) => <code data-testid="coupon-code">{x.code}</code> },
              { label: 'Offer', render: (x) => x.displayName || x.campaign },
              { label: 'Discount', render: (x) => discountText(x.discount) },
              { label: 'State', render: (x) => <span class={`chip state-${x.state}`} data-testid="coupon-state">{label(x.state)}</span> },
              { label: 'Expires', render: (x) => when(x.expireTime) },
              { label: 'Dealers', render: (x) => (x.dealerIds ?? []).join(', ') || 'any' },
              { label: '', render: (x) => (x.state === 'issued' && who.isDealer
                ? <button type="button" class="secondary" onClick={() => { setCode(x.code); document.getElementById('counter-code')?.focus(); }}>
                  Use at counter</button> : null) },
            ]} rows={c.coupons ?? []} />
          )}
        </Loaded>
      </Section>
      {who.isDealer
        ? <Counter personId={personId} code={code} setCode={setCode} onChange={afterCounter} />
        : <Section title="Counter" id="counter"><p class="muted">Coupons are verified and redeemed by dealer staff at their counter.</p></Section>}
    </>
  );
}

/** Verify and redeem a coupon at the counter (typed, or scanned: a scanner types the QR payload). */
function Counter({ personId, code, setCode, onChange }) {
  const [bill, setBill] = useState('');
  const [lastRedemption, setLastRedemption] = useState(null);
  const [validation, setValidation] = useState(null);
  const [scanning, setScanning] = useState(false);
  const action = useAction();

  // a QR payload is long and signed; a code is short: the counter accepts either in one field
  const codeOrQr = () => {
    const text = code.trim();
    return text.length > 40 ? { qrPayload: text } : { code: text.toUpperCase() };
  };
  const billFen = () => Math.round(Number(bill || 0) * 100);
  const request = () => ({ ...codeOrQr(), billAmount: billFen(), personId });

  const validate = async (e) => {
    e?.preventDefault();
    setValidation(null);
    const result = await action.run(() => api.post(routes.validateCoupon(), request()),
      (r) => `Valid: ${r.coupon?.displayName ?? r.coupon?.code ?? 'coupon'} gives ${yuan(r.discountAmount)} off this bill`);
    if (result) setValidation(result);
  };

  const redeem = async (e) => {
    e?.preventDefault();
    const result = await action.run(() => api.post(routes.redeemCoupon(), request()),
      (r) => `Redeemed ${r.coupon?.code}: ${yuan(r.redemption?.discountAmount)} off`
        + (paidYuan(r) > 0 ? `; the ${paidYuan(r)} CNY paid earn service-visit points in a moment` : ''));
    if (result) {
      setLastRedemption({ code: result.coupon?.code, redemption: result.redemption });
      setValidation(null);
      setCode('');
      onChange({ awaitBalanceChange: paidYuan(result) > 0 });
    }
  };

  const rollback = async () => {
    const { code: rolledCode, redemption } = lastRedemption;
    const done = await action.run(() => api.post(routes.rollbackRedemption(rolledCode, redemption.redemptionId),
      { reason: 'CUSTOMER_CANCELLED' }), `Redemption of ${rolledCode} rolled back: the coupon can be used again`);
    if (done) {
      setLastRedemption(null);
      onChange({ awaitBalanceChange: (redemption?.billAmount ?? 0) - (redemption?.discountAmount ?? 0) >= 100 });
    }
  };

  return (
    <Section title="Counter: verify and redeem a coupon" id="counter">
      <form class="counter" onSubmit={redeem}>
        <div class="field">
          <label for="counter-code">Coupon code or scanned QR</label>
          <input id="counter-code" value={code} autoComplete="off" spellcheck={false} required
            placeholder="CZ-XXXX-XXXX-XXXX" onInput={(e) => setCode(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="counter-bill">Bill (CNY)</label>
          <input id="counter-bill" type="number" min="0" step="0.01" inputMode="decimal" value={bill}
            onInput={(e) => setBill(e.currentTarget.value)} />
        </div>
        {scanning && (
          <div class="field" style="grid-column: 1 / -1">
            <CameraScanner onClose={() => setScanning(false)}
              onScan={(value) => { setCode(value); setScanning(false); action.setNotice({ ok: true, text: 'QR code read: verify or redeem it' }); }} />
          </div>
        )}
        <div class="row">
          {cameraScanAvailable && !scanning && (
            <button type="button" class="secondary" onClick={() => setScanning(true)}>Scan with camera</button>
          )}
          <button type="button" class="secondary" onClick={validate} disabled={action.busy || !code.trim()}>Verify</button>
          <button type="submit" disabled={action.busy || !code.trim()}>Redeem</button>
          {lastRedemption && (
            <button type="button" class="danger" onClick={rollback} disabled={action.busy}>Roll back last redemption</button>
          )}
        </div>
      </form>
      <Notice notice={action.notice} />
      {validation?.coupon && (
        <Facts items={[
          ['Coupon', validation.coupon.displayName ?? validation.coupon.code],
          ['Discount on this bill', yuan(validation.discountAmount)],
          ['Expires', when(validation.coupon.expireTime)],
        ]} />
      )}
    </Section>
  );
}

/** Whole yuan the customer paid: the loyalty service earns service-visit points on them. */
function paidYuan(redeemed) {
  const r = redeemed?.redemption;
  return r ? Math.floor(((r.billAmount ?? 0) - (r.discountAmount ?? 0)) / 100) : 0;
}
