package core

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// geo.c, geohash.c, geohash_helper.c: a geo set is a sorted set whose
// scores are 52-bit interleaved geohashes. GEOADD propagates as the ZADD
// it becomes (Redis rewrites the command vector); searches filter every
// member by the exact distance test Redis applies to the candidates of
// its geohash boxes.

const (
	geoLatMin    = -85.05112878
	geoLatMax    = 85.05112878
	geoLongMin   = -180.0
	geoLongMax   = 180.0
	geoStep      = 26
	earthRadiusM = 6372797.560856
)

func interleave64(xlo, ylo uint32) uint64 {
	b := [...]uint64{0x5555555555555555, 0x3333333333333333, 0x0F0F0F0F0F0F0F0F, 0x00FF00FF00FF00FF, 0x0000FFFF0000FFFF}
	s := [...]uint{1, 2, 4, 8, 16}
	x, y := uint64(xlo), uint64(ylo)
	for i := 4; i >= 0; i-- {
		x = (x | (x << s[i])) & b[i]
		y = (y | (y << s[i])) & b[i]
	}
	return x | (y << 1)
}

func deinterleave64(v uint64) uint64 {
	b := [...]uint64{0x5555555555555555, 0x3333333333333333, 0x0F0F0F0F0F0F0F0F, 0x00FF00FF00FF00FF, 0x0000FFFF0000FFFF, 0x00000000FFFFFFFF}
	s := [...]uint{0, 1, 2, 4, 8, 16}
	x, y := v, v>>1
	for i := 0; i < 6; i++ {
		x = (x | (x >> s[i])) & b[i]
		y = (y | (y >> s[i])) & b[i]
	}
	return x | (y << 32)
}

func geohashEncode(lon, lat, latMin, latMax float64) uint64 {
	latOff := (lat - latMin) / (latMax - latMin)
	lonOff := (lon - geoLongMin) / (geoLongMax - geoLongMin)
	latOff *= float64(uint64(1) << geoStep)
	lonOff *= float64(uint64(1) << geoStep)
	return interleave64(uint32(latOff), uint32(lonOff))
}

// geohashDecode is geohashDecode + geohashDecodeAreaToLongLat.
func geohashDecode(bits uint64) (float64, float64) {
	sep := deinterleave64(bits)
	ilat, ilon := uint32(sep), uint32(sep>>32)
	latScale, lonScale := geoLatMax-geoLatMin, geoLongMax-geoLongMin
	step := float64(uint64(1) << geoStep)
	latMin := geoLatMin + (float64(ilat)/step)*latScale
	latMax := geoLatMin + (float64(ilat+1)/step)*latScale
	lonMin := geoLongMin + (float64(ilon)/step)*lonScale
	lonMax := geoLongMin + (float64(ilon+1)/step)*lonScale
	lon := math.Min(math.Max((lonMin+lonMax)/2, geoLongMin), geoLongMax)
	lat := math.Min(math.Max((latMin+latMax)/2, geoLatMin), geoLatMax)
	return lon, lat
}

func degRad(d float64) float64 { return d * (math.Pi / 180.0) }

func geoDistance(lon1, lat1, lon2, lat2 float64) float64 {
	lat1r, lon1r, lat2r, lon2r := degRad(lat1), degRad(lon1), degRad(lat2), degRad(lon2)
	u := math.Sin((lat2r - lat1r) / 2)
	v := math.Sin((lon2r - lon1r) / 2)
	return 2.0 * earthRadiusM * math.Asin(math.Sqrt(u*u+math.Cos(lat1r)*math.Cos(lat2r)*v*v))
}

func geoLatDistance(lat1, lat2 float64) float64 {
	return earthRadiusM * math.Abs(degRad(lat2)-degRad(lat1))
}

// humanDouble is addReplyHumanLongDouble: %.17Lf without trailing zeros.
func humanDouble(v float64) string {
	s := strconv.FormatFloat(v, 'f', 17, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func geoUnit(s string) (float64, bool) {
	switch strings.ToLower(s) {
	case "m":
		return 1, true
	case "km":
		return 1000, true
	case "ft":
		return 0.3048, true
	case "mi":
		return 1609.34, true
	}
	return 0, false
}

var errGeoUnit = errReply("ERR unsupported unit provided. please use M, KM, FT, MI")

func parseLonLat(a, b string) (float64, float64, Reply, bool) {
	lon, ok1 := parseScore(a)
	lat, ok2 := parseScore(b)
	if !ok1 || !ok2 {
		return 0, 0, errNotFloat, false
	}
	if lon < geoLongMin || lon > geoLongMax || lat < geoLatMin || lat > geoLatMax {
		return 0, 0, errReply("ERR invalid longitude,latitude pair " + strconv.FormatFloat(lon, 'f', 6, 64) + "," + strconv.FormatFloat(lat, 'f', 6, 64)), false
	}
	return lon, lat, Reply{}, true
}

// cmdGeoadd rewrites itself into ZADD key [NX|XX] [CH] score member ...
// and runs it, so ZADD is what propagates.
func cmdGeoadd(c *cmdCtx) Reply {
	j := 2
	var opts []string
	nx, xx := false, false
	for ; j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		if a == "nx" || a == "xx" || a == "ch" {
			nx, xx = nx || a == "nx", xx || a == "xx"
			opts = append(opts, c.argv[j])
			continue
		}
		break
	}
	rest := c.argv[j:]
	if len(rest) == 0 || len(rest)%3 != 0 {
		return errReply("ERR syntax error. Try GEOADD key [x1] [y1] [name1] [x2] [y2] [name2] ... ")
	}
	if nx && xx {
		return errReply("ERR XX and NX options at the same time are not compatible")
	}
	argv := append([]string{"zadd", c.argv[1]}, opts...)
	for i := 0; i < len(rest); i += 3 {
		lon, lat, r, ok := parseLonLat(rest[i], rest[i+1])
		if !ok {
			return r
		}
		argv = append(argv, strconv.FormatUint(geohashEncode(lon, lat, geoLatMin, geoLatMax), 10), rest[i+2])
	}
	c.argv = argv
	r := zaddGeneric(c, false)
	c.rewrite(argv...)
	return r
}

func geoMember(c *cmdCtx, key, m string) (float64, float64, bool, Reply, bool) {
	e, r, ok := getZset(c, key)
	if !ok {
		return 0, 0, false, r, false
	}
	if e == nil {
		return 0, 0, false, Reply{}, true
	}
	s, found := e.zset().m[m]
	if !found {
		return 0, 0, false, Reply{}, true
	}
	lon, lat := geohashDecode(uint64(s))
	return lon, lat, true, Reply{}, true
}

func cmdGeopos(c *cmdCtx) Reply {
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, m := range c.argv[2:] {
		var s float64
		found := false
		if e != nil {
			s, found = e.zset().m[m]
		}
		if !found {
			out.Array = append(out.Array, nilArrayReply)
			continue
		}
		lon, lat := geohashDecode(uint64(s))
		out.Array = append(out.Array, Reply{Kind: '*', Array: []Reply{c.doubleText(humanDouble(lon)), c.doubleText(humanDouble(lat))}})
	}
	return out
}

func cmdGeodist(c *cmdCtx) Reply {
	unit := 1.0
	if len(c.argv) == 5 {
		u, ok := geoUnit(c.argv[4])
		if !ok {
			return c.w.Version().errText(errGeoUnit.Str)
		}
		unit = u
	} else if len(c.argv) > 5 {
		return errSyntax
	}
	lon1, lat1, f1, r, ok := geoMember(c, c.argv[1], c.argv[2])
	if !ok {
		return r
	}
	c.countReads = false // Redis looks the key up once
	lon2, lat2, f2, r, ok := geoMember(c, c.argv[1], c.argv[3])
	if !ok {
		return r
	}
	if !f1 || !f2 {
		return nilReply
	}
	return bulkReply(strconv.FormatFloat(geoDistance(lon1, lat1, lon2, lat2)/unit, 'f', 4, 64))
}

func cmdGeohash(c *cmdCtx) Reply {
	const alphabet = "0123456789bcdefghjkmnpqrstuvwxyz"
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, m := range c.argv[2:] {
		var s float64
		found := false
		if e != nil {
			s, found = e.zset().m[m]
		}
		if !found {
			out.Array = append(out.Array, nilReply)
			continue
		}
		lon, lat := geohashDecode(uint64(s))
		bits := geohashEncode(lon, lat, -90, 90)
		buf := make([]byte, 11)
		for i := 0; i < 11; i++ {
			idx := uint64(0)
			if i < 10 {
				idx = (bits >> (52 - uint((i+1)*5))) & 0x1f
			}
			buf[i] = alphabet[idx]
		}
		out.Array = append(out.Array, bulkReply(string(buf)))
	}
	return out
}

// geoSearch is what GEOSEARCH / GEORADIUS* parsed.
type geoSearch struct {
	lon, lat                    float64
	byRadius, byBox             bool
	radius, width, height, unit float64
	sort                        int // 0 none, 1 asc, -1 desc
	count                       int64
	any                         bool
	withDist, withHash, withCoo bool
	store                       string
	storeDist                   bool
}

type geoPoint struct {
	member   string
	score    float64
	dist     float64
	lon, lat float64
}

func (g *geoSearch) run(z *zsetValue) []geoPoint {
	var out []geoPoint
	if z == nil {
		return out
	}
	for _, m := range z.sorted() {
		lon, lat := geohashDecode(uint64(m.score))
		var d float64
		if g.byRadius {
			d = geoDistance(g.lon, g.lat, lon, lat)
			if d > g.radius*g.unit {
				continue
			}
		} else {
			if geoLatDistance(lat, g.lat) > g.height*g.unit/2 {
				continue
			}
			if geoDistance(lon, lat, g.lon, lat) > g.width*g.unit/2 {
				continue
			}
			d = geoDistance(g.lon, g.lat, lon, lat)
		}
		out = append(out, geoPoint{m.member, m.score, d, lon, lat})
	}
	if g.count > 0 && g.sort == 0 && !g.any {
		g.sort = 1
	}
	if g.sort != 0 {
		sort.SliceStable(out, func(i, j int) bool {
			if g.sort > 0 {
				return out[i].dist < out[j].dist
			}
			return out[i].dist > out[j].dist
		})
	}
	if g.count > 0 && int64(len(out)) > g.count {
		out = out[:g.count]
	}
	return out
}

func (g *geoSearch) reply(c *cmdCtx, key string, pts []geoPoint) Reply {
	if g.store != "" {
		if len(pts) == 0 {
			if c.lookupRead(g.store) != nil {
				c.delKey(g.store)
				c.dirty++
			}
			return intReply(0)
		}
		z := &zsetValue{m: map[string]float64{}}
		for _, p := range pts {
			if g.storeDist {
				z.m[p.member] = p.dist / g.unit
			} else {
				z.m[p.member] = p.score
			}
		}
		c.setKey(g.store, &entry{typ: typeZset, obj: z})
		c.dirty += len(pts)
		return intReply(int64(len(pts)))
	}
	out := Reply{Kind: '*', Array: []Reply{}}
	for _, p := range pts {
		if !g.withDist && !g.withHash && !g.withCoo {
			out.Array = append(out.Array, bulkReply(p.member))
			continue
		}
		item := []Reply{bulkReply(p.member)}
		if g.withDist {
			item = append(item, bulkReply(strconv.FormatFloat(p.dist/g.unit, 'f', 4, 64)))
		}
		if g.withHash {
			item = append(item, intReply(int64(p.score)))
		}
		if g.withCoo {
			item = append(item, Reply{Kind: '*', Array: []Reply{c.doubleText(humanDouble(p.lon)), c.doubleText(humanDouble(p.lat))}})
		}
		out.Array = append(out.Array, Reply{Kind: '*', Array: item})
	}
	return out
}

// parseGeoOptions reads the options common to GEORADIUS and GEOSEARCH
// from argv[j:].
func parseGeoOptions(c *cmdCtx, j int, g *geoSearch, search, store, ro bool) (Reply, bool) {
	var fromMember string
	fromGiven, lonlatGiven := false, false
	for ; j < len(c.argv); j++ {
		a := strings.ToLower(c.argv[j])
		left := len(c.argv) - j - 1
		switch {
		case a == "withdist":
			g.withDist = true
		case a == "withhash":
			g.withHash = true
		case a == "withcoord":
			g.withCoo = true
		case a == "any":
			g.any = true
		case a == "asc":
			g.sort = 1
		case a == "desc":
			g.sort = -1
		case a == "count" && left >= 1:
			v, ok := parseInt(c.argv[j+1])
			if !ok {
				return errNotInt, false
			}
			if v <= 0 {
				return errReply("ERR COUNT must be > 0"), false
			}
			g.count = v
			j++
		case (a == "store" || a == "storedist") && left >= 1 && !search && !ro:
			g.store, g.storeDist = c.argv[j+1], a == "storedist"
			j++
		case a == "storedist" && search && store:
			g.storeDist = true
		case a == "frommember" && search && left >= 1 && !fromGiven && !lonlatGiven:
			fromMember, fromGiven = c.argv[j+1], true
			j++
		case a == "fromlonlat" && search && left >= 2 && !fromGiven && !lonlatGiven:
			lon, lat, r, ok := parseLonLat(c.argv[j+1], c.argv[j+2])
			if !ok {
				return r, false
			}
			g.lon, g.lat, lonlatGiven = lon, lat, true
			j += 2
		case a == "byradius" && search && left >= 2 && !g.byRadius && !g.byBox:
			v, ok := parseScore(c.argv[j+1])
			if !ok || v < 0 {
				return errReply("ERR need numeric radius"), false
			}
			u, ok := geoUnit(c.argv[j+2])
			if !ok {
				return c.w.Version().errText(errGeoUnit.Str), false
			}
			g.byRadius, g.radius, g.unit = true, v, u
			j += 2
		case a == "bybox" && search && left >= 3 && !g.byRadius && !g.byBox:
			w, ok1 := parseScore(c.argv[j+1])
			h, ok2 := parseScore(c.argv[j+2])
			if !ok1 || !ok2 || w < 0 || h < 0 {
				return errReply("ERR need numeric width"), false
			}
			u, ok := geoUnit(c.argv[j+3])
			if !ok {
				return c.w.Version().errText(errGeoUnit.Str), false
			}
			g.byBox, g.width, g.height, g.unit = true, w, h, u
			j += 3
		default:
			return errSyntax, false
		}
	}
	if search {
		if fromGiven == lonlatGiven {
			return errReply("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + strings.ToLower(c.argv[0])), false
		}
		if g.byRadius == g.byBox {
			return errReply("ERR exactly one of BYRADIUS and BYBOX arguments must be provided for " + strings.ToLower(c.argv[0])), false
		}
		if fromGiven {
			key := c.argv[1]
			if store {
				key = c.argv[2]
			}
			lon, lat, found, r, ok := geoMember(c, key, fromMember)
			if !ok {
				return r, false
			}
			if !found {
				return errReply("ERR could not decode requested zset member"), false
			}
			g.lon, g.lat = lon, lat
		}
	}
	if g.any && g.count == 0 {
		return errReply("ERR the ANY argument requires COUNT argument"), false
	}
	if g.store != "" && (g.withDist || g.withHash || g.withCoo) {
		return errReply("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"), false
	}
	if store && (g.withDist || g.withHash || g.withCoo) {
		return errSyntax, false
	}
	return Reply{}, true
}

func georadiusGeneric(c *cmdCtx, byMember, ro bool) Reply {
	c.readFirst(c.argv[1])
	g := &geoSearch{byRadius: true}
	j := 6
	if byMember {
		j = 5
	}
	radiusArg, unitArg := c.argv[j-2], c.argv[j-1]
	if !byMember {
		lon, lat, r, ok := parseLonLat(c.argv[2], c.argv[3])
		if !ok {
			return r
		}
		g.lon, g.lat = lon, lat
	}
	v, ok := parseScore(radiusArg)
	if !ok || v < 0 {
		return errReply("ERR need numeric radius")
	}
	u, ok := geoUnit(unitArg)
	if !ok {
		return c.w.Version().errText(errGeoUnit.Str)
	}
	g.radius, g.unit = v, u
	if r, ok := parseGeoOptions(c, j, g, false, false, ro); !ok {
		return r
	}
	if byMember {
		lon, lat, found, r, ok := geoMember(c, c.argv[1], c.argv[2])
		if !ok {
			return r
		}
		if !found {
			return errReply("ERR could not decode requested zset member")
		}
		g.lon, g.lat = lon, lat
	}
	e, r, ok := getZset(c, c.argv[1])
	if !ok {
		return r
	}
	var z *zsetValue
	if e != nil {
		z = e.zset()
	}
	return g.reply(c, c.argv[1], g.run(z))
}

func geosearchGeneric(c *cmdCtx, store bool) Reply {
	g := &geoSearch{}
	src := c.argv[1]
	from := 2
	if store {
		src, from = c.argv[2], 3
		g.store = c.argv[1]
	}
	c.readFirst(src)
	if r, ok := parseGeoOptions(c, from, g, true, store, false); !ok {
		return r
	}
	e, r, ok := getZset(c, src)
	if !ok {
		return r
	}
	var z *zsetValue
	if e != nil {
		z = e.zset()
	}
	return g.reply(c, src, g.run(z))
}
