// A windowed list: only the rows in (and just around) the viewport exist in the DOM, positioned inside a
// spacer as tall as all rows together, so 100,000 entries scroll like 20. Rows have one fixed height.
// The rows stay a real list (role list/listitem, with their position in the set) for assistive tech.
import { useCallback, useEffect, useRef, useState, type ReactNode, type UIEvent } from 'react';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
  label: string;
  renderRow(index: number): ReactNode;
  /** Reports the rows in view (for loading their data). */
  onRange?(first: number, last: number): void;
  className?: string;
}

export function VirtualList({ count, rowHeight, overscan = 6, label, renderRow, onRange, className }: VirtualListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + overscan);

  useEffect(() => {
    if (count > 0) onRange?.(first, last);
  }, [first, last, count, onRange]);

  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop), []);

  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    rows.push(
      <li key={i} role="listitem" aria-setsize={count} aria-posinset={i + 1} className="vrow" style={{ top: i * rowHeight, height: rowHeight }}>
        {renderRow(i)}
      </li>,
    );
  }
  return (
    <div ref={viewport} className={`vlist ${className ?? ''}`} onScroll={onScroll} data-testid="library-viewport">
      <ul role="list" aria-label={label} className="vlist-spacer" style={{ height: count * rowHeight }}>
        {rows}
      </ul>
    </div>
  );
}
